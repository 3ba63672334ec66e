/**
 * A restricted unpickler for `torch.save` state dicts: it interprets pickle opcodes (protocols 2–5) as data and
 * executes nothing. The only globals it accepts are the ones a tensor checkpoint needs — torch's tensor and
 * parameter rebuild functions, its typed storages, and collections.OrderedDict — each implemented here as data.
 * Any other global (os.system, builtins.eval, a model class, argparse.Namespace, numpy scalars) is refused with
 * CHECKPOINT_UNSAFE naming it, as soon as the stream names it, before anything could call it.
 */
import { HilumError } from '../../../src-core/errors';

export interface TorchStorage {
  kind: 'storage';
  /** torch typed-storage class name, e.g. FloatStorage. */
  type: string;
  key: string;
}

export interface TorchTensorRef {
  kind: 'tensor';
  storage: TorchStorage;
  offset: number;
  size: number[];
  stride: number[];
}

interface Global {
  kind: 'global';
  name: string;
}

export type PickleValue = unknown;

export const STORAGE_TYPES = [
  'FloatStorage',
  'HalfStorage',
  'BFloat16Storage',
  'DoubleStorage',
  'LongStorage',
  'IntStorage',
  'ShortStorage',
  'CharStorage',
  'ByteStorage',
  'BoolStorage',
] as const;

const ALLOWED = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  ...STORAGE_TYPES.map((t) => `torch.${t}`),
]);

const MARK = Symbol('mark');

function unsafe(file: string, name: string): HilumError {
  return new HilumError('CHECKPOINT_UNSAFE', `${file}: the checkpoint names ${name}, which is not on the allow-list; nothing was loaded`, {
    file,
    global: name,
  });
}

function damaged(file: string, reason: string): HilumError {
  return new HilumError('MODEL_WEIGHTS', `${file}: cannot read the checkpoint's pickle (${reason})`, { file, reason });
}

function asInt(v: unknown, file: string, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw damaged(file, `${what} is not an integer`);
}

function asIntList(v: unknown, file: string, what: string): number[] {
  if (!Array.isArray(v)) throw damaged(file, `${what} is not a tuple`);
  return v.map((x) => asInt(x, file, what));
}

/** What an allowed global does when the stream calls it (REDUCE): build data, never run code. */
function callGlobal(g: Global, args: unknown, file: string): unknown {
  const a = Array.isArray(args) ? args : [];
  switch (g.name) {
    case 'collections.OrderedDict':
      return new Map(a.length > 0 && Array.isArray(a[0]) ? (a[0] as Array<[unknown, unknown]>) : []);
    case 'torch._utils._rebuild_tensor_v2': {
      const storage = a[0] as TorchStorage | undefined;
      if (!storage || storage.kind !== 'storage') throw damaged(file, 'a tensor rebuild without a storage');
      return {
        kind: 'tensor',
        storage,
        offset: asInt(a[1], file, 'storage offset'),
        size: asIntList(a[2], file, 'size'),
        stride: asIntList(a[3], file, 'stride'),
      };
    }
    case 'torch._utils._rebuild_parameter':
      return a[0];
    default:
      throw damaged(file, `${g.name} cannot be called`);
  }
}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): number {
    if (this.pos + n > this.bytes.length) throw damaged(this.file, 'unexpected end of the stream');
    const at = this.pos;
    this.pos += n;
    return at;
  }
  u8 = () => this.bytes[this.need(1)]!;
  u16 = () => this.view.getUint16(this.need(2), true);
  u32 = () => this.view.getUint32(this.need(4), true);
  i32 = () => this.view.getInt32(this.need(4), true);
  f64 = () => this.view.getFloat64(this.need(8), false);
  u64 = (): number => {
    const at = this.need(8);
    return this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 2 ** 32;
  };
  bytesOf = (n: number) => this.bytes.subarray(this.need(n), this.pos);
  text = (n: number) => new TextDecoder().decode(this.bytesOf(n));
  line(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && this.bytes[this.pos] !== 0x0a) this.pos++;
    const s = new TextDecoder().decode(this.bytes.subarray(start, this.pos));
    this.need(1);
    return s;
  }
  /** Little-endian two's-complement integer of n bytes (LONG1 / LONG4). */
  long(n: number): number {
    const b = this.bytesOf(n);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return Number(v);
  }
}

/** Interprets a pickle stream; `persistentLoad` resolves torch's ('storage', type, key, location, numel) ids. */
export function unpickleTorch(bytes: Uint8Array, file: string, persistentLoad: (pid: unknown[]) => TorchStorage): PickleValue {
  const r = new Reader(bytes, file);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  const pop = (): unknown => {
    if (stack.length === 0) throw damaged(file, 'stack underflow');
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw damaged(file, 'no mark on the stack');
    const items = stack.splice(at);
    return items.slice(1);
  };
  const global = (module: string, name: string): Global => {
    const full = `${module}.${name}`;
    if (!ALLOWED.has(full)) throw unsafe(file, full);
    return { kind: 'global', name: full };
  };
  const setItems = (target: unknown, items: unknown[]) => {
    if (!(target instanceof Map)) throw damaged(file, 'SETITEM on something that is not a dict');
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  const top = () => stack[stack.length - 1];
  for (;;) {
    const op = r.u8();
    switch (op) {
      case 0x80: // PROTO
        r.u8();
        break;
      case 0x95: // FRAME
        r.u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(r.u8());
        break;
      case 0x4d: // BININT2
        stack.push(r.u16());
        break;
      case 0x4a: // BININT
        stack.push(r.i32());
        break;
      case 0x8a: // LONG1
        stack.push(r.long(r.u8()));
        break;
      case 0x8b: // LONG4
        stack.push(r.long(r.u32()));
        break;
      case 0x47: // BINFLOAT
        stack.push(r.f64());
        break;
      case 0x58: // BINUNICODE
        stack.push(r.text(r.u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(r.text(r.u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(r.text(r.u64()));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(r.text(r.u8()));
        break;
      case 0x54: // BINSTRING
        stack.push(r.text(r.u32()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(r.bytesOf(r.u8()));
        break;
      case 0x42: // BINBYTES
        stack.push(r.bytesOf(r.u32()));
        break;
      case 0x8e: // BINBYTES8
        stack.push(r.bytesOf(r.u64()));
        break;
      case 0x71: // BINPUT
        memo.set(r.u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(r.u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const k = op === 0x68 ? r.u8() : r.u32();
        if (!memo.has(k)) throw damaged(file, `memo ${k} is not set`);
        stack.push(memo.get(k));
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = r.line();
        stack.push(global(module, r.line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw damaged(file, 'STACK_GLOBAL without names');
        stack.push(global(module, name));
        break;
      }
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x64: {
        // DICT
        const m = new Map();
        setItems(m, popMark());
        stack.push(m);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        (top() as unknown[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) throw damaged(file, 'APPENDS on something that is not a list');
        list.push(...items);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop() as Global;
        if (!fn || (fn as { kind?: string }).kind !== 'global') throw damaged(file, 'REDUCE of something that is not a global');
        stack.push(callGlobal(fn, args, file));
        break;
      }
      case 0x62: // BUILD: state on an allowed object (an OrderedDict's _metadata); kept out of the tensors, never applied as code.
        pop();
        break;
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!Array.isArray(pid)) throw damaged(file, 'a persistent id that is not a tuple');
        stack.push(persistentLoad(pid));
        break;
      }
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      default:
        // INST, OBJ, NEWOBJ(_EX), EXT*, PERSID (text) and the text-protocol opcodes build objects or run lookups a tensor
        // checkpoint never needs.
        throw damaged(file, `opcode 0x${op.toString(16)} at byte ${r.pos - 1} is not accepted`);
    }
  }
}

export function isTensorRef(v: unknown): v is TorchTensorRef {
  return typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'tensor';
}
