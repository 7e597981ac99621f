/** The sidebar's state: one zustand vanilla store per ticket, and the Preact hook to read it. */
export * from './errors.ts';
export { createSidebarStore, describeAge, type SidebarStore } from './sidebar.ts';
export type * from './types.ts';
export { useSidebar } from './use-sidebar.ts';
