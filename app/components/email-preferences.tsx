import { Form } from "@remix-run/react";
import { MAIL_DELIVERIES, MEMBER_MAIL_KINDS, MEMBER_MAIL_LABELS, type EmailPreferences, type MailDelivery } from "~/domain/member-mail";

export const EMAIL_PREFERENCES_PATH = "/account/email-preferences";

const DELIVERY_LABELS: Record<MailDelivery, string> = {
  instant: "One email for each of these, as it happens",
  daily: "One daily digest instead",
};

/**
 * The email section of /account: which events are mailed, and how. It posts to a route of its own
 * (app/routes/account_.email-preferences.tsx), so it sits beside the page's other sections.
 */
export function EmailPreferencesSection({
  preferences,
  errors = {},
  saved = false,
}: {
  preferences: EmailPreferences;
  errors?: Record<string, string>;
  saved?: boolean;
}) {
  return (
    <section aria-labelledby="email-preferences-heading" className="stack">
      <h2 id="email-preferences-heading">Email about answers</h2>
      {saved ? (
        <p className="notice notice--ok" role="status">
          Email settings saved.
        </p>
      ) : null}
      {errors.form ? <p role="alert">{errors.form}</p> : null}
      <Form method="post" action={EMAIL_PREFERENCES_PATH} className="stack">
        <fieldset className="field">
          <legend>Email me when</legend>
          {MEMBER_MAIL_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="checkbox" name={kind} defaultChecked={preferences[kind]} /> {MEMBER_MAIL_LABELS[kind]}
            </label>
          ))}
        </fieldset>
        <fieldset className={`field${errors.delivery ? " field--invalid" : ""}`}>
          <legend>How</legend>
          {MAIL_DELIVERIES.map((delivery) => (
            <label key={delivery} className="checkbox">
              <input type="radio" name="delivery" value={delivery} defaultChecked={preferences.delivery === delivery} /> {DELIVERY_LABELS[delivery]}
            </label>
          ))}
          {errors.delivery ? (
            <p className="field__error" role="alert">
              {errors.delivery}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">
          Save email settings
        </button>
      </Form>
    </section>
  );
}
