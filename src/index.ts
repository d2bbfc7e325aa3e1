// Public API for templates: everything a template imports from "homelab".
export {};
