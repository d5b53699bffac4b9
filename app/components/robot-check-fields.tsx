import { FORM_STAMP_FIELD, HONEYPOT_FIELD } from "~/domain/anti-spam";

/**
 * The robot check inside the sign-up and ask forms: when the form was opened (signed by the
 * server) and a field kept out of sight that people leave empty. Not aria-hidden: a screen reader
 * user who reaches it hears its label and leaves it alone.
 */
export function RobotCheckFields({ stamp }: { stamp: string }) {
  return (
    <>
      <input type="hidden" name={FORM_STAMP_FIELD} value={stamp} />
      <div className="robot-trap">
        <label htmlFor="field-robot-trap">Leave this field empty</label>
        <input id="field-robot-trap" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
    </>
  );
}
