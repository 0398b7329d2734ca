/** Vite imports CSS for its side effect; tell TypeScript such imports exist. */
declare module '*.css';
