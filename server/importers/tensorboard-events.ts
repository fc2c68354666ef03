import type { MetricPointInput } from "../metrics/parse-batch";
import { asDouble, asFloat, asInt64, asString, ProtobufWireError, readFields, repeatedNumbers, type WireField } from "./protobuf-wire";
import type { SkippedRecord } from "./skipped-records";
import { scanTfRecords } from "./tfrecord";

/**
 * TensorBoard event files (`events.out.tfevents.*`, written by tensorboardX,
 * torch.utils.tensorboard and TensorFlow: OpenRLHF's `--logger.tensorboard_dir`,
 * slime's `--use-tensorboard`, verl's `tensorboard` backend). Scalars become
 * metric points under their raw tags: `simple_value`, and single-element numeric
 * `tensor`s (PyTorch's and tensorboardX's `new_style`, TF2's `tf.summary.scalar`).
 */

export interface TensorBoardScalars {
  points: MetricPointInput[];
  skipped: SkippedRecord[];
  warnings: string[];
  /** Records read (events of every kind). */
  events: number;
  /** The `file_version` event's text, e.g. "brain.Event:2". */
  fileVersion?: string;
}

// Event, Summary, Summary.Value, SummaryMetadata and TensorProto field numbers (tensorflow/core/{util/event,framework/summary,framework/tensor}.proto).
const EVENT = { wallTime: 1, step: 2, fileVersion: 3, summary: 5 };
const SUMMARY = { value: 1 };
const VALUE = { tag: 1, simpleValue: 2, nodeName: 7, tensor: 8, metadata: 9 };
const METADATA = { pluginData: 1 };
const PLUGIN_DATA = { pluginName: 1 };
const TENSOR = { dtype: 1, shape: 2, content: 4, float: 5, double: 6, int: 7, int64: 10, bool: 11, half: 13 };
const SHAPE = { dim: 2 };
const DIM = { size: 1 };
const DT = { float: 1, double: 2, int32: 3, uint8: 4, int16: 5, int8: 6, int64: 9, bool: 10, bfloat16: 14, half: 19 };

const MAX_KEY_LENGTH = 256;

const bytesOf = (fields: WireField[], field: number): Uint8Array | undefined => {
  let out: Uint8Array | undefined;
  for (const f of fields) if (f.field === field && f.value.wireType === 2) out = f.value.bytes;
  return out;
};
const varintOf = (fields: WireField[], field: number): bigint | undefined => {
  let out: bigint | undefined;
  for (const f of fields) if (f.field === field && f.value.wireType === 0) out = f.value.value;
  return out;
};

function float16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
/** A float32 as the shortest decimal that reads back as the same float32 (1/3 → 0.33333334, not 0.3333333432674408). */
function shortestFloat32(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let p = 1; p <= 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

const bfloat16 = (bits: number) => new Float32Array(new Uint32Array([(bits & 0xffff) << 16]).buffer)[0];

/** The value of a one-element numeric TensorProto; undefined for anything else (text, histograms, images). */
function tensorScalar(buf: Uint8Array): number | undefined {
  const t = readFields(buf);
  const dtype = Number(varintOf(t, TENSOR.dtype) ?? 0n);
  const shape = bytesOf(t, TENSOR.shape);
  let elements = 1;
  if (shape) {
    for (const d of readFields(shape)) if (d.field === SHAPE.dim && d.value.wireType === 2) elements *= asInt64(varintOf(readFields(d.value.bytes), DIM.size) ?? 0n);
  }
  if (elements !== 1) return undefined;
  const content = bytesOf(t, TENSOR.content);
  if (content && content.length > 0) {
    const dv = new DataView(content.buffer, content.byteOffset, content.byteLength);
    const fits = (n: number) => content.length === n;
    if (dtype === DT.float && fits(4)) return shortestFloat32(dv.getFloat32(0, true));
    if (dtype === DT.double && fits(8)) return dv.getFloat64(0, true);
    if (dtype === DT.int32 && fits(4)) return dv.getInt32(0, true);
    if (dtype === DT.int64 && fits(8)) return Number(dv.getBigInt64(0, true));
    if (dtype === DT.int16 && fits(2)) return dv.getInt16(0, true);
    if (dtype === DT.int8 && fits(1)) return dv.getInt8(0);
    if (dtype === DT.uint8 && fits(1)) return dv.getUint8(0);
    if (dtype === DT.bool && fits(1)) return dv.getUint8(0) ? 1 : 0;
    if (dtype === DT.half && fits(2)) return float16(dv.getUint16(0, true));
    if (dtype === DT.bfloat16 && fits(2)) return bfloat16(dv.getUint16(0, true));
    return undefined;
  }
  const first = (field: number, kind: "float" | "double" | "int32" | "int64" | "bool") => repeatedNumbers(t, field, kind)[0];
  if (dtype === DT.float) {
    const v = first(TENSOR.float, "float");
    return v === undefined ? undefined : shortestFloat32(v);
  }
  if (dtype === DT.double) return first(TENSOR.double, "double");
  if (dtype === DT.int32 || dtype === DT.int16 || dtype === DT.int8 || dtype === DT.uint8) return first(TENSOR.int, "int32");
  if (dtype === DT.int64) return first(TENSOR.int64, "int64");
  if (dtype === DT.bool) return first(TENSOR.bool, "bool");
  if (dtype === DT.half) {
    const bits = first(TENSOR.half, "int32");
    return bits === undefined ? undefined : float16(bits);
  }
  if (dtype === DT.bfloat16) {
    const bits = first(TENSOR.half, "int32");
    return bits === undefined ? undefined : bfloat16(bits);
  }
  return undefined;
}

function pluginName(metadata: Uint8Array | undefined): string | undefined {
  if (!metadata) return undefined;
  const plugin = bytesOf(readFields(metadata), METADATA.pluginData);
  const name = plugin && bytesOf(readFields(plugin), PLUGIN_DATA.pluginName);
  return name ? asString(name) : undefined;
}

/**
 * Reads the scalars of an event file (or of a run of its whole records, when
 * `offset` says where they start in the file). A record whose framing or
 * protobuf is corrupt is reported with its byte offset and skipped.
 */
export function readTensorBoardScalars(bytes: Uint8Array, opts: { offset?: number } = {}): TensorBoardScalars {
  const base = opts.offset ?? 0;
  const scan = scanTfRecords(bytes, { final: true });
  const out: TensorBoardScalars = {
    points: [],
    skipped: scan.problems.map((p) => ({ offset: base + p.offset, reason: p.reason })),
    warnings: [],
    events: 0,
  };
  let nonFinite = 0;
  let negativeStep = 0;
  const longKeys = new Set<string>();
  for (const record of scan.records) {
    out.events++;
    try {
      const event = readFields(record.data);
      const version = bytesOf(event, EVENT.fileVersion);
      if (version) out.fileVersion = asString(version);
      const summary = bytesOf(event, EVENT.summary);
      if (!summary) continue;
      let wallTime: number | undefined;
      for (const f of event) if (f.field === EVENT.wallTime && f.value.wireType === 1) wallTime = asDouble(f.value.bytes);
      const step = asInt64(varintOf(event, EVENT.step) ?? 0n);
      for (const v of readFields(summary)) {
        if (v.field !== SUMMARY.value || v.value.wireType !== 2) continue;
        const value = readFields(v.value.bytes);
        const tag = asString(bytesOf(value, VALUE.tag) ?? bytesOf(value, VALUE.nodeName) ?? new Uint8Array());
        let scalar: number | undefined;
        for (const f of value) if (f.field === VALUE.simpleValue && f.value.wireType === 5) scalar = shortestFloat32(asFloat(f.value.bytes));
        if (scalar === undefined) {
          const tensor = bytesOf(value, VALUE.tensor);
          const plugin = pluginName(bytesOf(value, VALUE.metadata));
          if (tensor && (plugin === undefined || plugin === "scalars")) scalar = tensorScalar(tensor);
        }
        if (scalar === undefined || tag === "") continue;
        if (!Number.isFinite(scalar)) nonFinite++;
        else if (step < 0 || !Number.isSafeInteger(step)) negativeStep++;
        else if (tag.length > MAX_KEY_LENGTH) longKeys.add(tag);
        else out.points.push(wallTime != null && Number.isFinite(wallTime) ? { key: tag, step, value: scalar, wallTime } : { key: tag, step, value: scalar });
      }
    } catch (error) {
      if (!(error instanceof ProtobufWireError)) throw error;
      out.skipped.push({ offset: base + record.offset, reason: `the record's CRCs check but it is not an Event protobuf (${error.message})` });
    }
  }
  if (nonFinite) out.warnings.push(`${nonFinite} scalar value(s) were NaN or infinite and are left out (metrics hold finite numbers).`);
  if (negativeStep) out.warnings.push(`${negativeStep} scalar value(s) had a negative step and are left out.`);
  if (longKeys.size) out.warnings.push(`Tags longer than ${MAX_KEY_LENGTH} characters are left out: ${[...longKeys].slice(0, 3).map((k) => `${k.slice(0, 40)}…`).join(", ")}`);
  return out;
}
