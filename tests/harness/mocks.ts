import * as pulumi from "@pulumi/pulumi";

/**
 * Sets Pulumi's mocks as a program run would meet them (project `proj`) and returns the list every resource
 * registration is appended to: its type token, name, `id` (for a `get`) and inputs, `__provider` included. Each
 * resource's state is its inputs, its id `<name>-id` unless the program gave one.
 */
export async function recordRegistrations(stack = "dev", preview = false): Promise<pulumi.runtime.MockResourceArgs[]> {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.push(a);
        return { id: a.id || `${a.name}-id`, state: a.inputs };
      },
      call: () => ({}),
    },
    "proj",
    stack,
    preview,
  );
  return registered;
}
