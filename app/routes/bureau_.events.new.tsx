import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { requireMemberWith } from "~/auth/guards.server";
import { EventForm, type EventFormFailure } from "~/components/event-form";
import { createEvent } from "~/domain/events/events.commands.server";
import { CreateEventSchema } from "~/domain/events/events.schema";
import { handle } from "~/web/http.server";
import { CHECK_INPUT, runForm } from "~/web/intents.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { readForm } from "~/web/input.server";

export const meta: MetaFunction = () => [{ title: "ピッチイベントを作成 | ガバメントピッチ・マッチング" }];

async function requireManager(request: Request) {
  const actor = await requireMemberWith(request, { action: "workspace.bureau" });
  return requireMemberWith(request, { action: "event.manage", organizationId: actor.membership.organizationId });
}

export const loader = /* @__PURE__ */ handle(async ({ request }: LoaderFunctionArgs) => {
  await requireManager(request);
  return json({});
});

export const action = /* @__PURE__ */ handle(async ({ request }: ActionFunctionArgs) => {
  const actor = await requireManager(request);
  const formData = await readForm(request);
  return runForm(formData, {
    schema: CreateEventSchema,
    invalid: CHECK_INPUT,
    run: (data) => createEvent(actor, data),
    done: (id) => ({ path: `/bureau/events/${id}` }),
  });
});

export default function NewEvent() {
  const failure = useActionData<EventFormFailure>();
  const navigation = useNavigation();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/bureau/events", label: "ピッチイベント" }]} current={"新しいイベント"} />
      <h1>ピッチイベントを作成</h1>
      <p>作成したイベントは下書きです。管轄の自治体を招待し、公開すると自治体がピッチを応募できるようになります。</p>
      <EventForm
        defaults={{}}
        failure={failure}
        submitLabel="下書きとして作成する"
        pending={navigation.state === "submitting"}
      />
    </>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
