// Where the outcomes pages live (browser-safe: pages build links with these).
export const outcomesPath = (pilotId: string) => `/pilots/${pilotId}/outcomes`;
export const reportPath = (pilotId: string, reportId: string) => `/pilots/${pilotId}/outcomes/${reportId}`;
export const photoPath = (pilotId: string, photoId: string) => `/pilots/${pilotId}/outcomes/photos/${photoId}`;

/** A well-formed UUID (an id that is not one is "not found", never a database error). */
export { isUuid } from "~/lib/uuid";
