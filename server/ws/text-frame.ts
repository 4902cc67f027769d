// One WebSocket text frame as one buffer, written to the connection's socket in one write.
//
// ws's own send writes a frame as two chunks (a header, then the payload) between cork() and
// uncork(): a writev with its array of chunks per socket. The tracking fast path sends a message of
// its own to every patient of a queue day, thousands per change, so it frames each message itself:
// the header and the UTF-8 bytes in one buffer, one write (bench/fanout/README.md has the figures).
// Only where that is exactly what ws would send: a server socket (frames unmasked), no compression
// negotiated (the server turns it off) and nothing queued in ws's sender; anything else goes
// through ws.send. The test beside this file reads these frames with ws's own client.
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";

/** The parts of ws's WebSocket this writes through (ws 8; the test pins them). */
interface WsInternals {
  _socket?: Duplex | null;
  _sender?: { _state?: number } | null;
  _extensions?: Record<string, unknown>;
  _isServer?: boolean;
}

const FIN_TEXT = 0x81;

/** The frame ws would write for `message` as an unmasked text message. */
export function textFrame(message: string): Buffer {
  const length = Buffer.byteLength(message);
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = FIN_TEXT;
  if (head === 2) frame[1] = length;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(message, head, "utf8");
  return frame;
}

/** The raw socket to write a frame to, or null where ws must send it itself. */
function rawSocketOf(socket: WebSocket): Duplex | null {
  const ws = socket as unknown as WsInternals;
  if (!ws._isServer || ws._sender?._state !== 0) return null;
  if (!ws._extensions || Object.keys(ws._extensions).length > 0) return null;
  return ws._socket ?? null;
}

/** Sends `message` as one text frame on an open socket. */
export function sendText(socket: WebSocket, message: string) {
  const raw = rawSocketOf(socket);
  if (raw) raw.write(textFrame(message));
  else socket.send(message);
}
