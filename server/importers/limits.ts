/** Uploads larger than this are refused before they are read (a JavaScript string holds at most ~512 MiB). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
