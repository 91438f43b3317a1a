/** Limits shared by the forms (browser) and the commands (server). */
export const CHANGE_NOTE_MAX_LENGTH = 500;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_PITCH = 10;
