// The contract's dispatcher and client: requests and responses are validated on both sides and
// errors cross as data.
import { describe, expect, it } from 'vitest';
import { createClient, dispatch, type HandlerTable } from '../../../src-core/contracts/bridge';
import { channelNames } from '../../../src-core/contracts/channels';
import { HilumError } from '../../../src-core/errors';

function tableWith(info: () => unknown): HandlerTable<null> {
  const unsupported = Object.fromEntries(
    channelNames.map((name) => [
      name,
      () => {
        throw new HilumError('UNSUPPORTED', `${name === 'system.doctor' ? 'doctor' : name} is not available in this test`);
      },
    ]),
  );
  return { ...unsupported, 'system.info': info } as unknown as HandlerTable<null>;
}

describe('contract bridge', () => {
  it('round-trips a valid request and response', async () => {
    const table = tableWith(() => ({ version: '1', dataDir: '/d', platform: 'linux' }));
    const client = createClient((channel, payload) => dispatch(table, channel, payload, null));
    await expect(client['system.info']({})).resolves.toEqual({ version: '1', dataDir: '/d', platform: 'linux' });
  });
  it('rejects unknown channels and invalid payloads as error data', async () => {
    const table = tableWith(() => ({ version: '1', dataDir: '/d', platform: 'linux' }));
    await expect(dispatch(table, 'system.rm-rf', {}, null)).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    await expect(dispatch(table, 'system.info', { sneaky: true }, null)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
  it('rejects a handler response that breaks the contract', async () => {
    const table = tableWith(() => ({ version: 1 }));
    const envelope = await dispatch(table, 'system.info', {}, null);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
  it('turns error envelopes back into HilumError on the client', async () => {
    const client = createClient((channel, payload) =>
      dispatch(
        tableWith(() => null),
        channel,
        payload,
        null,
      ),
    );
    await expect(client['system.doctor']({})).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: 'doctor is not available in this test',
    });
  });
});
