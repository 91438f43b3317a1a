// The one upload parser: files only in the named fields, limits per file, per form and in total, a refusal with a
// Japanese message (never a throw), empty file inputs are no files.
import { describe, expect, it } from "vitest";
import { formatBytes } from "~/lib/format";
import { isMultipart, parseUploadForm, uploadedFile, uploadedFiles } from "~/web/uploads.server";

function multipart(build: (form: FormData) => void): Request {
  const form = new FormData();
  build(form);
  return new Request("http://localhost:3000/upload", { method: "POST", body: form });
}

const bytes = (n: number, fill = 0x41) => new Uint8Array(n).fill(fill);

describe("parseUploadForm", () => {
  it("keeps text fields and the files of the named fields, and drops files sent in other fields", async () => {
    const request = multipart((f) => {
      f.append("intent", "submit");
      f.append("receipts", new File([bytes(10)], "a.pdf"));
      f.append("receipts", new File([bytes(20)], "b.png"));
      f.append("other", new File([bytes(5)], "c.pdf"));
    });
    expect(isMultipart(request)).toBe(true);
    const result = await parseUploadForm(request, { fileFields: ["receipts"], maxFileBytes: 100, maxFiles: 3 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.formData.get("intent")).toBe("submit");
    expect(result.formData.has("other")).toBe(false);
    const files = await uploadedFiles(result.formData, "receipts");
    expect(files.map((f) => [f.name, f.bytes.byteLength])).toEqual([
      ["a.pdf", 10],
      ["b.png", 20],
    ]);
  });

  it("treats an empty file input as no file", async () => {
    const request = multipart((f) => {
      f.append("intent", "upload");
      f.append("file", new File([], ""));
    });
    const result = await parseUploadForm(request, { fileFields: ["file"], maxFileBytes: 100 });
    expect(result.ok).toBe(true);
    if (result.ok) expect(await uploadedFile(result.formData, "file")).toBeNull();
  });

  it("refuses a file over the limit, too many files, and too many bytes together, saying so in Japanese", async () => {
    const big = await parseUploadForm(
      multipart((f) => {
        f.append("narrative", "送迎を8回運行しました。");
        f.append("file", new File([bytes(101)], "big.pdf"));
      }),
      { fileFields: ["file"], maxFileBytes: 100 },
    );
    // The text fields read before the refusal come back, so that the form keeps what was typed.
    expect(big).toMatchObject({
      ok: false,
      reason: "file_too_large",
      field: "file",
      values: { narrative: "送迎を8回運行しました。" },
    });
    const tenMb = await parseUploadForm(
      multipart((f) => f.append("file", new File([bytes(10 * 1024 * 1024 + 1)], "big.pdf"))),
      {
        fileFields: ["file"],
        maxFileBytes: 10 * 1024 * 1024,
      },
    );
    expect(tenMb).toMatchObject({ ok: false, message: "ファイルが大きすぎます。10MB以下のファイルを選んでください。" });
    const many = await parseUploadForm(
      multipart((f) => {
        for (let i = 0; i < 3; i++) f.append("receipts", new File([bytes(1)], `${i}.pdf`));
      }),
      { fileFields: ["receipts"], maxFileBytes: 100, maxFiles: 2 },
    );
    expect(many).toMatchObject({
      ok: false,
      reason: "too_many_files",
      field: "receipts",
      message: "一度に添付できるファイルは2件までです。",
    });
    const total = await parseUploadForm(
      multipart((f) => {
        for (let i = 0; i < 3; i++) f.append("receipts", new File([bytes(60)], `${i}.pdf`));
      }),
      { fileFields: ["receipts"], maxFileBytes: 100, maxFiles: 5, maxTotalBytes: 150 },
    );
    expect(total).toMatchObject({ ok: false, reason: "total_too_large", field: "receipts" });
    expect(total.ok === false && total.message).toMatch(/合計/);
  });

  it("refuses an oversized text field, too many parts, and a body that is not multipart as unreadable", async () => {
    const text = await parseUploadForm(
      multipart((f) => f.append("narrative", "あ".repeat(100))),
      { fileFields: [], maxFileBytes: 10, maxTextBytes: 50 },
    );
    expect(text).toMatchObject({
      ok: false,
      reason: "unreadable",
      field: null,
      message: "ファイルを受け取れませんでした。もう一度お試しください。",
    });
    const parts = await parseUploadForm(
      multipart((f) => {
        for (let i = 0; i < 11; i++) f.append(`f${i}`, "x");
      }),
      { fileFields: [], maxFileBytes: 10, maxParts: 10 },
    );
    expect(parts).toMatchObject({ ok: false, reason: "unreadable" });
    const plain = new Request("http://localhost:3000/upload", {
      method: "POST",
      body: new URLSearchParams({ a: "b" }),
    });
    expect(isMultipart(plain)).toBe(false);
    expect(await parseUploadForm(plain, { fileFields: ["file"], maxFileBytes: 10 })).toMatchObject({
      ok: false,
      reason: "unreadable",
    });
  });

  it("names sizes in MB or KB", () => {
    expect(formatBytes(10 * 1024 * 1024)).toBe("10MB");
    expect(formatBytes(30 * 1024 * 1024)).toBe("30MB");
    expect(formatBytes(512 * 1024)).toBe("512KB");
  });
});
