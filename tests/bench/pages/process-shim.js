// Recogito's UMD build still reads process.env.NODE_ENV (from nanostores), which a bundler
// would replace; without one, the page says "production" itself.
window.process = { env: { NODE_ENV: 'production' } };
