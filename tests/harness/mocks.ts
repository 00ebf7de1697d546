import * as pulumi from "@pulumi/pulumi";

/** What the mocks answer a registration with. */
type Answer = (a: pulumi.runtime.MockResourceArgs) => { id: string; state: Record<string, unknown> };

/**
 * Sets Pulumi's mocks as a program run would meet them (project `proj`) and returns the list every resource
 * registration is appended to: its type token, name, `id` (for a `get`) and inputs, `__provider` included. By default
 * each resource's state is its inputs, its id `<name>-id` unless the program gave one; `answer` replaces that.
 */
export async function recordRegistrations(
  stack = "dev",
  preview = false,
  answer: Answer = (a) => ({ id: a.id || `${a.name}-id`, state: a.inputs }),
): Promise<pulumi.runtime.MockResourceArgs[]> {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(a);
        return answer(a);
      },
      call: () => ({}),
    },
    "proj",
    stack,
    preview,
  );
  return registered;
}
