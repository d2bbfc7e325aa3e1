// Objects an app renders only when no other app of the render has them: today, the Namespace of a chart app. The
// marker is homelab's own and never reaches the output.

/** Marks an object to keep only when no other object of the render has its identity (removed from the output). */
export const IF_ABSENT_ANNOTATION = 'homelab.internal/if-absent';
