// Imported before ink/react are loaded: React picks its build from NODE_ENV when first required,
// and the development build makes every render several times slower.
process.env.NODE_ENV ??= 'production';
// ink draws only the last frame when CI or CONTINUOUS_INTEGRATION is set (it reads them once, at
// load). This module is only loaded for the live UI on a terminal, where the user wants every frame.
if (process.stdout.isTTY) for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = '0';
// NO_COLOR (set and not empty) turns colours and styles off in the loop as in the table;
// ink's colour library reads only FORCE_COLOR (at load), so NO_COLOR becomes FORCE_COLOR=0. An
// explicit FORCE_COLOR wins.
if (process.env.NO_COLOR && !('FORCE_COLOR' in process.env)) process.env.FORCE_COLOR = '0';
export {};
