// The part of dcmjs (no bundled types) that tools/dicom-write uses: read a Part 10 file, edit its raw dictionary, write it back.
declare module 'dcmjs' {
  interface DicomElementValue {
    vr: string;
    Value: unknown[];
  }
  interface DicomDict {
    meta: Record<string, DicomElementValue>;
    dict: Record<string, DicomElementValue>;
    write(options?: { fragmentMultiframe?: boolean; allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: { untilTag?: string; ignoreErrors?: boolean }): DicomDict };
    };
  };
  export default dcmjs;
}
