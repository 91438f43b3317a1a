import { PassThrough, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { dropNulBytes } from "~/lib/html-stream.server";

const words = Array.from({ length: 400 }, (_, i) => `美唄市${i}`);

function page(padding: number) {
  return createElement(
    "main",
    null,
    createElement("p", null, "x".repeat(padding)),
    ...words.map((word, i) => createElement("span", { key: i }, word)),
  );
}

async function render(padding: number, withFix: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  await new Promise<void>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page(padding), {
      onAllReady() {
        const done = pipeline(pipe(withFix ? dropNulBytes() : new PassThrough()), sink);
        done.then(resolve, reject);
      },
      onError: reject,
    });
  });
  return Buffer.concat(chunks);
}

describe("streamed HTML keeps Japanese text intact", () => {
  // Short texts: React copies them into its 2 KB buffer, and with one of these paddings a 3-byte character straddles its end.
  const paddings = [1, 2, 3];
  const expected = (padding: number) =>
    `<main><p>${"x".repeat(padding)}</p>${words.map((word) => `<span>${word}</span>`).join("")}</main>`;

  it("React 18 alone leaves NUL bytes at a buffer boundary (the bug the transform exists for)", async () => {
    const outputs = await Promise.all(paddings.map((n) => render(n, false)));
    expect(outputs.some((html) => html.includes(0))).toBe(true);
  });

  it("through dropNulBytes every padding decodes to exactly the text rendered", async () => {
    for (const n of paddings) {
      const html = (await render(n, true)).toString("utf8");
      expect(html).not.toContain("\u0000");
      expect(html).not.toContain("\ufffd");
      expect(html).toBe(expected(n));
    }
  });

  it("drops only NUL bytes and passes other chunks through untouched", async () => {
    const out: Buffer[] = [];
    const transform = dropNulBytes();
    transform.on("data", (chunk: Buffer) => out.push(chunk));
    transform.write(Buffer.from([0xe7, 0xbe, 0x8e, 0x00, 0x00, 0xe5, 0x94, 0x84]));
    transform.end(Buffer.from("市", "utf8"));
    await new Promise((resolve) => transform.on("end", resolve));
    expect(Buffer.concat(out).toString("utf8")).toBe("美唄市");
  });
});
