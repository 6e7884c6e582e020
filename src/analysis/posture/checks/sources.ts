/** How findings name where their check comes from. */

/** CIS AWS Foundations Benchmark v5.0, IAM section (v6.0 numbers the same recommendations 2.x). */
export const cis = (number: string) => `CIS AWS Foundations v5.0 ${number}`;
/** AWS Security Hub CSPM control. */
export const securityHub = (control: string) => `AWS Security Hub ${control}`;
/** Prowler's check of the same id. */
export const prowler = (id: string) => `Prowler ${id}`;
