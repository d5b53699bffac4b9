import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { CategoryEscalationFields } from "~/components/category-escalation-fields";
import { FormError, TextAreaField, TextField } from "~/components/field";
import { CategoryEscalationFormSchema, OpeningHoursFormSchema, SearchSynonymsFormSchema } from "~/schemas/admin-settings.server";
import { WEEKDAYS } from "~/domain/opening-hours";
import { listCategories } from "~/services/categories.server";
import { saveSiteSettings, updateCategoryEscalation } from "~/services/escalation-settings.server";
import { getMailOutboxStatus } from "~/services/mail-outbox.server";
import { getSettings } from "~/services/settings.server";
import type { SiteSettings } from "~/schemas/settings.server";
import { fieldErrors, formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import escalationStyles from "~/styles/escalation.css";
import { pageTitle } from "~/components/common";
import { AdminSettingsIntentSchema } from "~/schemas/admin-settings.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: escalationStyles }];

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Admin settings")];

/** The anti-spam numbers, each a whole number the settings schema bounds (app/schemas/settings.server.ts). */
const ANTI_SPAM_FIELDS = [
  ["spamNewAccountHours", "New for (hours)", "An account younger than this…"],
  ["spamNewAccountReputation", "…with reputation under", "…is new, and the next three limits hold for it."],
  ["spamNewAccountThreadsPerHour", "Threads a new account may start per hour", "0 stops new accounts from asking."],
  ["spamNewAccountRepliesPerHour", "Replies a new account may post per hour", ""],
  ["spamNewAccountLinksPerPost", "Links a new account may put in a post", ""],
  ["spamRepeatMinutes", "Same words refused within (minutes)", "One member posting the same text twice, in any thread."],
  ["spamMinFillSeconds", "Sign-up and ask forms take at least (seconds)", "Sent sooner, they are refused as robots. 0 turns this off."],
  ["spamExemptReputation", "Exempt above reputation", "Members with more reputation than this, and staff, skip the posting limits."],
] as const;

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  return {
    settings: getSettings(context.deps),
    categories: listCategories(context.deps),
    mail: getMailOutboxStatus(context.deps),
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, "admin");
  const form = formToObject(await readForm(request));
  const intent = AdminSettingsIntentSchema.safeParse(form.intent);
  if (!intent.success) return data({ ok: false as const, intent: "", errors: { form: "Unknown form" } as Record<string, string>, values: form }, { status: 400 });
  const fail = (errors: Record<string, string>, status = 400) => data({ ok: false as const, intent: intent.data, errors, values: form }, { status });
  try {
    if (intent.data === "escalation") {
      saveSiteSettings(context.deps, user, {
        defaultEscalationMinutes: form.defaultEscalationMinutes as unknown as number,
        timezone: form.timezone?.trim(),
        reminderDays: form.reminderDays as unknown as number,
      });
    } else if (intent.data === "antispam") {
      // Raw strings: the settings schema coerces and bounds each one, with its message next to its field.
      saveSiteSettings(context.deps, user, Object.fromEntries(ANTI_SPAM_FIELDS.map(([name]) => [name, form[name] ?? ""])) as unknown as Partial<SiteSettings>);
    } else if (intent.data === "moderation") {
      saveSiteSettings(context.deps, user, {
        flagHideThreshold: form.flagHideThreshold as unknown as number,
        // An unticked checkbox sends nothing: absent means off.
        requireVerifiedEmailToPost: form.requireVerifiedEmailToPost === "on",
        // The settings schema refuses anything but its two values, with a message next to the field.
        accountDeletionPosts: (form.accountDeletionPosts ?? "keep") as SiteSettings["accountDeletionPosts"],
      });
    } else if (intent.data === "search") {
      const parsed = SearchSynonymsFormSchema.safeParse(form);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      saveSiteSettings(context.deps, user, parsed.data);
    } else if (intent.data === "hours") {
      const parsed = OpeningHoursFormSchema.safeParse(form);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      saveSiteSettings(context.deps, user, parsed.data);
    } else {
      const parsed = CategoryEscalationFormSchema.safeParse(form);
      if (!parsed.success) return fail(fieldErrors(parsed.error));
      updateCategoryEscalation(context.deps, user, parsed.data);
    }
  } catch (error) {
    const response = serviceErrorToData(error);
    return fail(response.data.errors, response.init?.status);
  }
  throw redirect(`/admin/settings?saved=${intent.data}`);
}

function Saved({ show }: { show: boolean }) {
  return show ? (
    <p className="notice notice--ok" role="status">
      Saved.
    </p>
  ) : null;
}

export default function AdminSettings() {
  const { settings, categories, mail, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: string): Record<string, string> => (result && result.intent === intent ? result.errors : {});
  const valuesFor = (intent: string): Record<string, string> => (result && result.intent === intent ? result.values : {});
  const esc = { errors: errorsFor("escalation"), values: valuesFor("escalation") };
  const hours = { errors: errorsFor("hours"), values: valuesFor("hours") };
  const moderation = { errors: errorsFor("moderation"), values: valuesFor("moderation") };
  const antispam = { errors: errorsFor("antispam"), values: valuesFor("antispam") };
  const search = { errors: errorsFor("search"), values: valuesFor("search") };
  const hoursOf = (day: number) => settings.businessHours.find((h) => h.day === day);
  return (
    <section className="admin">
      <h1>Admin settings</h1>
      <p>
        <Link to="/admin/webhooks">Webhooks and delivery log</Link>
      </p>

      <p>
        The site's name, colours, logo and links are under <Link to="/admin/identity">Site identity</Link>; categories are created, ordered and
        archived under <Link to="/admin/categories">Categories</Link>.
      </p>

      <h2 id="escalation-heading">Escalation and reminders</h2>
      <Saved show={saved === "escalation"} />
      <Form method="post" className="stack narrow" aria-labelledby="escalation-heading">
        <input type="hidden" name="intent" value="escalation" />
        <FormError error={esc.errors.form} />
        <TextField label="Default window (minutes)" name="defaultEscalationMinutes" inputMode="numeric" hint="How long a thread may wait for a first response before staff are alerted." defaultValue={esc.values.defaultEscalationMinutes ?? String(settings.defaultEscalationMinutes)} error={esc.errors.defaultEscalationMinutes} />
        <TextField label="Time zone" name="timezone" hint="An IANA name such as Europe/Berlin; used for opening hours and the times askers see." defaultValue={esc.values.timezone ?? settings.timezone} error={esc.errors.timezone} />
        <TextField label="“Did this solve it?” reminder after (days)" name="reminderDays" inputMode="numeric" defaultValue={esc.values.reminderDays ?? String(settings.reminderDays)} error={esc.errors.reminderDays} />
        <button type="submit" className="button">Save escalation</button>
      </Form>

      <h2 id="moderation-heading">Moderation</h2>
      <Saved show={saved === "moderation"} />
      <Form method="post" className="stack narrow" aria-labelledby="moderation-heading">
        <input type="hidden" name="intent" value="moderation" />
        <FormError error={moderation.errors.form} />
        <TextField label="Flags that hide a post" name="flagHideThreshold" inputMode="numeric" hint="A post is hidden pending review once this many different members have flagged it." defaultValue={moderation.values.flagHideThreshold ?? String(settings.flagHideThreshold)} error={moderation.errors.flagHideThreshold} />
        <label className="checkbox">
          <input type="checkbox" name="requireVerifiedEmailToPost" defaultChecked={settings.requireVerifiedEmailToPost} /> Members must confirm their
          email address before posting (unconfirmed accounts can still read)
        </label>
        <fieldset className="stack">
          <legend>When a member deletes their account</legend>
          <label className="checkbox">
            <input type="radio" name="accountDeletionPosts" value="keep" defaultChecked={settings.accountDeletionPosts === "keep"} /> Their posts
            stay, shown as by “deleted user”
          </label>
          <label className="checkbox">
            <input type="radio" name="accountDeletionPosts" value="member-choice" defaultChecked={settings.accountDeletionPosts === "member-choice"} />{" "}
            The member may choose to have their posts removed too
          </label>
          {moderation.errors.accountDeletionPosts ? (
            <p className="field__error" role="alert">
              {moderation.errors.accountDeletionPosts}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">Save moderation</button>
      </Form>

      <h2 id="antispam-heading">Anti-spam</h2>
      <p className="muted">Limits answer with when the member may try again. Staff are always exempt.</p>
      <Saved show={saved === "antispam"} />
      <Form method="post" className="stack narrow" aria-labelledby="antispam-heading">
        <input type="hidden" name="intent" value="antispam" />
        <FormError error={antispam.errors.form} />
        {ANTI_SPAM_FIELDS.map(([name, label, hint]) => (
          <TextField key={name} label={label} name={name} inputMode="numeric" hint={hint || undefined} defaultValue={antispam.values[name] ?? String(settings[name])} error={antispam.errors[name]} />
        ))}
        <button type="submit" className="button">Save anti-spam</button>
      </Form>

      <h2 id="search-heading">Search synonyms</h2>
      <Saved show={saved === "search"} />
      <Form method="post" className="stack" aria-labelledby="search-heading">
        <input type="hidden" name="intent" value="search" />
        <FormError error={search.errors.form} />
        <TextAreaField
          label="Words that mean the same"
          name="searchSynonyms"
          hint="One group per line, words or phrases separated by commas, e.g. “cellphone, mobile phone, phone”. A search for any of them finds all."
          rows={8}
          defaultValue={search.values.searchSynonyms ?? settings.searchSynonyms.map((group) => group.join(", ")).join("\n")}
          error={search.errors.searchSynonyms}
        />
        <button type="submit" className="button">Save synonyms</button>
      </Form>

      <h2 id="hours-heading">Opening hours</h2>
      <p className="muted">Categories on the business-hours clock count only these hours, in {settings.timezone}. Leave both times blank for a closed day.</p>
      <Saved show={saved === "hours"} />
      <Form method="post" className="stack" aria-labelledby="hours-heading">
        <input type="hidden" name="intent" value="hours" />
        <FormError error={hours.errors.form} />
        <div className="hours-grid">
          {WEEKDAYS.map(([day, name]) => (
            <fieldset key={day} className="hours-day">
              <legend>{name}</legend>
              <TextField label="Opens" name={`open_${day}`} placeholder="09:00" defaultValue={hours.values[`open_${day}`] ?? hoursOf(day)?.open ?? ""} error={hours.errors[`open_${day}`]} />
              <TextField label="Closes" name={`close_${day}`} placeholder="17:00" defaultValue={hours.values[`close_${day}`] ?? hoursOf(day)?.close ?? ""} error={hours.errors[`close_${day}`]} />
            </fieldset>
          ))}
        </div>
        <TextAreaField label="Holidays" name="holidays" hint="One date per line, like 2026-12-25." rows={4} defaultValue={hours.values.holidays ?? settings.holidays.join("\n")} error={hours.errors.holidays} />
        <button type="submit" className="button">Save opening hours</button>
      </Form>

      <h2 id="categories-heading">Categories</h2>
      <Saved show={saved === "category"} />
      <ul className="category-settings" aria-labelledby="categories-heading">
        {categories.map((category) => {
          const own = result?.intent === "category" && result.values.categoryId === String(category.id);
          const errors = own ? result.errors : {};
          return (
            <li key={category.id}>
              <Form method="post" className="category-settings__form">
                <input type="hidden" name="intent" value="category" />
                <input type="hidden" name="categoryId" value={category.id} />
                <h3>{category.name}</h3>
                <FormError error={errors.form} />
                <CategoryEscalationFields
                  idPrefix={`category-${category.id}`}
                  minutes={own ? (result.values.minutes ?? "") : (category.escalateAfterMinutes?.toString() ?? "")}
                  clock={category.escalationClock}
                  enabled={category.escalationEnabled}
                  defaultMinutes={settings.defaultEscalationMinutes}
                  error={errors.minutes}
                />
                <button type="submit" className="button button--quiet">Save {category.name}</button>
              </Form>
            </li>
          );
        })}
      </ul>

      <h2>Outgoing mail</h2>
      <p>
        {mail.waiting === 0
          ? "All mail has been sent."
          : `${mail.waiting} message(s) waiting${mail.failing ? `, ${mail.failing} retrying after a failure` : ""}.`}
        {mail.lastError ? <span className="delivery--failed"> Last error: {mail.lastError}</span> : null}
      </p>

      <h2>Help widget</h2>
      <p>
        <Link to="/admin/widget">Allowed sites, install snippet and options for the help widget</Link>
      </p>
    </section>
  );
}
