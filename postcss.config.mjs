// Tailwind CSS v4 through PostCSS (Next reads this file).
export default {
  plugins: { "@tailwindcss/postcss": {} },
};
