/** A file received in a form, read into memory: the caller checks its content before storing it. */
export interface UploadedFile {
  /** The name the browser sent (a base name; clean it before showing or keeping it). */
  name: string;
  bytes: Uint8Array;
}
