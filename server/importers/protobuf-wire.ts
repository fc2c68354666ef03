/**
 * A minimal reader of the protobuf wire format: enough to walk the few
 * TensorBoard messages the importer needs (Event, Summary, TensorProto) without
 * vendoring their .proto files. Throws `ProtobufWireError` on malformed input.
 */

export class ProtobufWireError extends Error {}

export type WireValue =
  | { wireType: 0; value: bigint }
  | { wireType: 1; bytes: Uint8Array }
  | { wireType: 2; bytes: Uint8Array }
  | { wireType: 5; bytes: Uint8Array };

export interface WireField {
  field: number;
  value: WireValue;
}

export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  get done() {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new ProtobufWireError("varint runs past the end of the message");
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtobufWireError("varint longer than 10 bytes");
    }
  }

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.buf.length) throw new ProtobufWireError(`field of ${n} bytes runs past the end of the message`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  next(): WireField {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new ProtobufWireError("field number 0");
    switch (wireType) {
      case 0:
        return { field, value: { wireType: 0, value: this.varint() } };
      case 1:
        return { field, value: { wireType: 1, bytes: this.take(8) } };
      case 2:
        return { field, value: { wireType: 2, bytes: this.take(Number(this.varint())) } };
      case 5:
        return { field, value: { wireType: 5, bytes: this.take(4) } };
      default:
        throw new ProtobufWireError(`unsupported wire type ${wireType} (field ${field})`);
    }
  }
}

/** Every field of a message, in order. */
export function readFields(buf: Uint8Array): WireField[] {
  const r = new WireReader(buf);
  const out: WireField[] = [];
  while (!r.done) out.push(r.next());
  return out;
}

const dv = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
export const asDouble = (b: Uint8Array) => dv(b).getFloat64(0, true);
export const asFloat = (b: Uint8Array) => dv(b).getFloat32(0, true);
export const asString = (b: Uint8Array) => new TextDecoder().decode(b);
/** int64 as a signed number (two's complement of the 64-bit varint). */
export const asInt64 = (v: bigint) => Number(BigInt.asIntN(64, v));

/** The values of a repeated scalar field, packed (wire type 2) or not. */
export function repeatedNumbers(fields: WireField[], field: number, kind: "float" | "double" | "int32" | "int64" | "bool"): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    const v = f.value;
    if (v.wireType === 2) {
      if (kind === "float") for (let i = 0; i + 4 <= v.bytes.length; i += 4) out.push(asFloat(v.bytes.subarray(i, i + 4)));
      else if (kind === "double") for (let i = 0; i + 8 <= v.bytes.length; i += 8) out.push(asDouble(v.bytes.subarray(i, i + 8)));
      else {
        const r = new WireReader(v.bytes);
        while (!r.done) out.push(kind === "int32" ? Number(BigInt.asIntN(32, r.varint())) : kind === "bool" ? Number(r.varint() !== 0n) : asInt64(r.varint()));
      }
    } else if (v.wireType === 5 && kind === "float") out.push(asFloat(v.bytes));
    else if (v.wireType === 1 && kind === "double") out.push(asDouble(v.bytes));
    else if (v.wireType === 0 && kind !== "float" && kind !== "double") {
      out.push(kind === "int32" ? Number(BigInt.asIntN(32, v.value)) : kind === "bool" ? Number(v.value !== 0n) : asInt64(v.value));
    }
  }
  return out;
}
