/**
 * When forms check their fields in the browser (conform's options, shared by every form). Only on
 * submit: a message appearing as the finger leaves one field would push the next field down under
 * the finger on a phone. Once shown, a message updates as the person types in its own field.
 */
export const VALIDATE_ON_SUBMIT = { shouldValidate: "onSubmit", shouldRevalidate: "onInput" } as const;
