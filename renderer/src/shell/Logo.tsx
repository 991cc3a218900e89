// The Auditscope mark: a magnifier over log lines.
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label="Auditscope logo">
      <rect x="2" y="2" width="28" height="28" rx="7" fill="#2457c5" />
      <rect x="7" y="9" width="12" height="2.4" rx="1.2" fill="#fff" opacity="0.9" />
      <rect x="7" y="14" width="8" height="2.4" rx="1.2" fill="#fff" opacity="0.7" />
      <rect x="7" y="19" width="10" height="2.4" rx="1.2" fill="#fff" opacity="0.5" />
      <circle cx="20" cy="17" r="5" fill="none" stroke="#ffd166" strokeWidth="2.6" />
      <path d="M23.6 20.6 L26.5 23.5" stroke="#ffd166" strokeWidth="2.8" strokeLinecap="round" />
    </svg>
  );
}
