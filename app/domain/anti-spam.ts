// Field names of the robot check on the sign-up and ask forms, shared by routes and components.

/** The signed time the form was opened (app/services/form-guard.server.ts). */
export const FORM_STAMP_FIELD = "formStamp";
/** A field people never see or fill in; robots that fill every field give themselves away. */
export const HONEYPOT_FIELD = "website";
