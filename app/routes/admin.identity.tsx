import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/guards.server";
import { FormError, TextAreaField, TextField } from "~/components/field";
import { HEADER_LINK_SLOTS } from "~/domain/site-identity";
import { getSettings } from "~/services/settings.server";
import { saveSiteIdentity } from "~/services/site-identity.server";
import { formToObject, readForm } from "~/utils/forms";
import { serviceErrorToData } from "~/utils/http.server";
import { pageTitle } from "~/components/common";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "Site identity — Admin")];

export function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context, request, "admin");
  return { settings: getSettings(context.deps), saved: new URL(request.url).searchParams.has("saved") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireRole(context, request, "admin");
  const body = await readForm(request);
  const form = formToObject(body);
  const uploads: Partial<Record<"logo" | "favicon", Buffer>> = {};
  for (const kind of ["logo", "favicon"] as const) {
    const file = body.get(`${kind}File`);
    // A file input left empty still sends a part, with no name and no bytes.
    if (file instanceof File && file.size > 0) uploads[kind] = Buffer.from(await file.arrayBuffer());
  }
  try {
    saveSiteIdentity(context.deps, admin, form, uploads);
  } catch (error) {
    const response = serviceErrorToData(error);
    return data({ errors: response.data.errors, values: form }, { status: response.init?.status ?? 400 });
  }
  throw redirect("/admin/identity?saved");
}

export default function AdminIdentity() {
  const { settings, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> | undefined = result?.values;
  const value = (name: string, current: string | null) => values?.[name] ?? current ?? "";
  return (
    <section className="admin">
      <h1>Site identity</h1>
      {saved ? (
        <p className="notice notice--ok" role="status">
          Saved.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack narrow">
        <FormError error={errors.form} />
        <TextField label="Site name" name="siteName" hint="Shown in the header and at the end of every page's title." defaultValue={value("siteName", settings.siteName)} error={errors.siteName} />
        <TextAreaField label="Welcome text" name="welcomeText" rows={2} hint="The home page's greeting above its search box; blank for the default." defaultValue={value("welcomeText", settings.welcomeText)} error={errors.welcomeText} />
        <TextField label="Brand name" name="brandName" hint="Shown on staff badges, e.g. “Nimbus Staff”." defaultValue={value("brandName", settings.brandName)} error={errors.brandName} />
        <TextField label="Brand colour" name="brandColor" hint="Buttons and links; a hex colour like #0a66c2, dark enough for white text." defaultValue={value("brandColor", settings.brandColor)} error={errors.brandColor} />
        <TextField label="Header colour" name="headerColor" hint="The header's background, like #0b1f33; blank for the default light header." defaultValue={value("headerColor", settings.headerColor)} error={errors.headerColor} />
        <TextField label="Logo" name="logoFile" type="file" accept="image/png,image/jpeg,image/gif,image/webp" hint="PNG, JPEG, GIF or WebP, under 512 KB and 2048 pixels a side; shown in the header instead of the site name." error={errors.logoFile} />
        <TextField label="Logo address" name="logoUrl" hint="Filled in by an upload; or an image on this site, like /brand/logo.png; blank to show the site name." defaultValue={value("logoUrl", settings.logoUrl)} error={errors.logoUrl} />
        <TextField label="Favicon" name="faviconFile" type="file" accept="image/png,image/x-icon,image/gif,image/webp" hint="A small square PNG or ICO image." error={errors.faviconFile} />
        <TextField label="Favicon address" name="faviconUrl" hint="Filled in by an upload; or an icon on this site; blank for Peerdesk's." defaultValue={value("faviconUrl", settings.faviconUrl)} error={errors.faviconUrl} />
        <fieldset className="stack">
          <legend>Links back to your site</legend>
          <p className="muted">Shown above the header; leave a row blank to drop it.</p>
          {HEADER_LINK_SLOTS.map((n) => {
            const link = settings.headerLinks[n - 1];
            return (
              <div key={n} className="admin-row-actions">
                <TextField label={`Label ${n}`} name={`linkLabel${n}`} defaultValue={value(`linkLabel${n}`, link?.label ?? "")} error={errors[`linkLabel${n}`]} />
                <TextField label={`Address ${n}`} name={`linkUrl${n}`} inputMode="url" placeholder="https://" defaultValue={value(`linkUrl${n}`, link?.url ?? "")} error={errors[`linkUrl${n}`]} />
              </div>
            );
          })}
        </fieldset>
        <TextAreaField label="Footer text" name="footerText" rows={2} hint="Plain text, e.g. a copyright line." defaultValue={value("footerText", settings.footerText)} error={errors.footerText} />
        <label className="checkbox">
          <input type="checkbox" name="showPoweredBy" defaultChecked={values ? values.showPoweredBy === "on" : settings.showPoweredBy} /> Show “Powered by Peerdesk” in the footer
        </label>
        <button type="submit" className="button">
          Save site identity
        </button>
      </Form>
    </section>
  );
}
