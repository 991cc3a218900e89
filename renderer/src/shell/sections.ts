// The app's top-level sections and their URL hashes (so reloads and links keep the place).
export const SECTIONS = [
  { id: 'policy', label: 'Policy', description: 'Build and check audit policies' },
  { id: 'nodes', label: 'Nodes', description: 'Control-plane nodes and applying audit settings' },
  { id: 'logs', label: 'Logs', description: 'Explore audit events' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return SECTIONS.some((section) => section.id === id) ? (id as SectionId) : 'policy';
}
