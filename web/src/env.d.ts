// esbuild bundles the stylesheet imported by main.ts into the pages' CSS file.
declare module '*.css';
