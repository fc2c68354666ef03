import { describe, expect, it } from "vitest";
import { crc32c, maskedCrc32c } from "./crc32c";

describe("crc32c", () => {
  it("matches the Castagnoli check value and TFRecord's masking", () => {
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    const crc = 0xe3069283;
    expect(maskedCrc32c(new TextEncoder().encode("123456789"))).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
  });
});
