import type { IncomingMessage } from "node:http";
import { bodyCutOff } from "./body-limit";

/** How much of a body waits in memory before the socket is paused for a handler that reads slowly (or not at all). */
const BUFFERED_BYTES = 64 * 1024;

/**
 * A request's body as a web stream that reads from the socket only as fast as
 * the handler reads. Cancelling it (a body past its limit) pauses the request
 * instead of destroying it, unlike `Readable.toWeb`: the socket stays open for
 * the 413, and the rest of the body is never read (the connection closes after
 * the answer; see `serveRestRequest`).
 */
export function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on("data", (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once("end", () => {
          if (finished) return;
          finished = true;
          controller.close();
        });
        const cutOff = () => {
          if (finished) return;
          finished = true;
          controller.error(bodyCutOff());
        };
        req.on("error", cutOff);
        req.once("close", cutOff);
      },
      pull() {
        if (!finished) req.resume();
      },
      cancel() {
        finished = true;
        req.pause();
      },
    },
    { highWaterMark: BUFFERED_BYTES, size: (chunk) => chunk.byteLength },
  );
}
