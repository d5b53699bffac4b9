import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { AccountNav } from "~/components/account-nav";
import { Avatar, pageTitle, profilePath } from "~/components/common";
import { FormError, TextField } from "~/components/field";
import { AVATAR_MAX_BYTES } from "~/domain/avatars";
import { DISPLAY_NAME_MAX, HANDLE_MAX } from "~/domain/account-fields";
import { changeDisplayName, changeHandle, getAccountSummary } from "~/services/account-profile.server";
import { removeAvatar, setAvatar } from "~/services/avatars.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { ProfileIntentSchema, type ProfileIntent } from "~/schemas/account.server";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Profile and picture — Account")];

type Intent = ProfileIntent;

const SAVED: Record<Intent, string> = {
  displayName: "Your name is changed.",
  handle: "Your handle is changed. Links to your old profile address lead to the new one.",
  avatar: "Your picture is uploaded.",
  removeAvatar: "Your picture is removed: your initials show instead.",
};

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const saved = ProfileIntentSchema.safeParse(new URL(request.url).searchParams.get("saved"));
  return { account: getAccountSummary(context.deps, user), saved: saved.success ? SAVED[saved.data] : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const body = await readForm(request);
  const form = formToObject(body);
  const intent = ProfileIntentSchema.safeParse(form.intent);
  const fail = (errors: Record<string, string>, status = 400) => data({ intent: intent.data ?? "", errors, values: form }, { status });
  if (!intent.success) return fail({ form: "Unknown form" });
  try {
    if (intent.data === "displayName") changeDisplayName(context.deps, user, { displayName: form.displayName ?? "" });
    else if (intent.data === "handle") changeHandle(context.deps, user, { handle: form.handle ?? "" });
    else if (intent.data === "removeAvatar") removeAvatar(context.deps, user);
    else {
      const file = body.get("avatar");
      // An empty file input still sends a part, with no name and no bytes.
      if (!(file instanceof File) || file.size === 0) return fail({ avatar: "Choose an image to upload" });
      await setAvatar(context.deps, user, Buffer.from(await file.arrayBuffer()));
    }
  } catch (error) {
    const response = serviceErrorToData(error);
    return fail(response.data.errors, response.init?.status);
  }
  throw redirect(`/account/profile?saved=${intent.data}`);
}

export default function AccountProfile() {
  const { account, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: Intent): Record<string, string> => (result?.intent === intent ? result.errors : {});
  const valueOf = (intent: Intent, name: string, current: string) => (result?.intent === intent ? (result.values[name] ?? "") : current);
  return (
    <section className="narrow">
      <h1>Profile and picture</h1>
      <AccountNav />
      {saved ? (
        <p className="notice notice--ok" role="status">
          {saved}
        </p>
      ) : null}
      <FormError error={result && !result.intent ? result.errors.form : undefined} />
      <p>
        Your public profile: <a href={profilePath(account.handle)}>{profilePath(account.handle)}</a>
      </p>

      <h2 id="name-heading">Display name</h2>
      <Form method="post" className="stack" aria-labelledby="name-heading">
        <input type="hidden" name="intent" value="displayName" />
        <TextField label="Name shown beside your posts" name="displayName" required maxLength={DISPLAY_NAME_MAX} defaultValue={valueOf("displayName", "displayName", account.displayName)} error={errorsFor("displayName").displayName} />
        <button type="submit" className="button">
          Save name
        </button>
      </Form>

      <h2 id="handle-heading">Handle</h2>
      <Form method="post" className="stack" aria-labelledby="handle-heading">
        <input type="hidden" name="intent" value="handle" />
        <TextField
          label="Handle"
          name="handle"
          required
          maxLength={HANDLE_MAX}
          autoCapitalize="none"
          hint="3–24 lowercase letters, digits and _. Your old profile address will lead to the new one."
          defaultValue={valueOf("handle", "handle", account.handle)}
          error={errorsFor("handle").handle}
        />
        <button type="submit" className="button">
          Save handle
        </button>
      </Form>

      <h2 id="avatar-heading">Picture</h2>
      <div className="avatar-field">
        <Avatar person={account} size="lg" label={account.avatarMediaId ? "Your picture" : "Your initials, shown while you have no picture"} />
        {account.avatarMediaId ? (
          <Form method="post">
            <input type="hidden" name="intent" value="removeAvatar" />
            <button type="submit" className="button button--quiet">
              Remove picture
            </button>
          </Form>
        ) : null}
      </div>
      <Form method="post" encType="multipart/form-data" className="stack" aria-labelledby="avatar-heading">
        <input type="hidden" name="intent" value="avatar" />
        <FormError error={errorsFor("avatar").form} />
        <TextField
          label="Upload a picture"
          name="avatar"
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          hint={`PNG, JPEG, GIF or WebP, under ${AVATAR_MAX_BYTES / 1024} KB. It is cropped to a square; location and camera details are removed.`}
          error={errorsFor("avatar").avatar}
        />
        <button type="submit" className="button">
          Upload picture
        </button>
      </Form>
    </section>
  );
}
