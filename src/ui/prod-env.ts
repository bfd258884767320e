// Imported before ink/react are loaded: React picks its build from NODE_ENV when first required,
// and the development build makes every render several times slower.
process.env.NODE_ENV ??= 'production';
export {};
