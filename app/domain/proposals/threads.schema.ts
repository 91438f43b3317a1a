/** The longest message of a proposal thread (shared by the form, its schema and the database check). */
export const MESSAGE_MAX = 4000;
