import { z } from "zod";
import { DisplayNameSchema, EmailSchema, NewPasswordSchema } from "./accounts.schema";
import {
  OrganizationFieldsSchema,
  toOrganizationInput,
  type OrganizationInput,
} from "~/domain/organizations/organizations.schema";
import { formValues, parseForm, type FormResult } from "~/lib/forms";

const SignUpAccountSchema = z.strictObject({
  email: EmailSchema,
  displayName: DisplayNameSchema,
  password: NewPasswordSchema,
  invitationToken: z.string().max(200).optional(),
  ...OrganizationFieldsSchema.partial().shape,
});

const SignUpOrganizationSchema = OrganizationFieldsSchema.transform(
  (fields, ctx) => toOrganizationInput(fields, ctx) ?? z.NEVER,
);

export interface SignUpInput {
  email: string;
  displayName: string;
  password: string;
  /** Joining an existing organisation… */
  invitationToken?: string;
  /** …or creating one. */
  organization?: OrganizationInput;
}

/** Account and organisation fields are checked together, so every mistake shows at once. */
export function parseSignUpForm(formData: FormData): FormResult<SignUpInput> {
  const account = parseForm(SignUpAccountSchema, formData);
  const invitationToken = account.ok ? account.data.invitationToken : formData.get("invitationToken");
  const organization = invitationToken ? undefined : parseForm(SignUpOrganizationSchema, formData);
  if (account.ok && (!organization || organization.ok)) {
    const { email, displayName, password } = account.data;
    return {
      ok: true,
      data: invitationToken
        ? { email, displayName, password, invitationToken: String(invitationToken) }
        : { email, displayName, password, organization: organization!.ok ? organization!.data : undefined },
    };
  }
  return {
    ok: false,
    fieldErrors: {
      ...(organization && !organization.ok ? organization.fieldErrors : {}),
      ...(account.ok ? {} : account.fieldErrors),
    },
    formError: (!account.ok && account.formError) || undefined,
    values: formValues(formData),
  };
}
