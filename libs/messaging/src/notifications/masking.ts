/** `******7890`: enough for an operator to tell messages apart, too little to identify a person. */
export function maskMobileNumber(mobileNumber: string): string {
  const visible = mobileNumber.slice(-4);
  return '*'.repeat(Math.max(mobileNumber.length - visible.length, 2)) + visible;
}

/** `a***@example.org`: the domain stays readable for delivery problems, the mailbox does not. */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}
