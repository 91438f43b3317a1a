// Lint: the recommended rules of ESLint, typescript-eslint, React hooks and jsx-a11y, unused imports removed, and
// import rules generated from architecture.config.js (the same layers and area order that tests/architecture.test.ts
// checks), so an editor flags an import against the structure as it is typed. Formatting is Prettier's alone.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import unusedImports from "eslint-plugin-unused-imports";
import globals from "globals";
import tseslint from "typescript-eslint";
import { areaOrder, frameworkFreeLayers, layers, requestOnlyAuthFiles, webPackages } from "./architecture.config.js";

/** The import specifiers that reach a layer ("~/lib/format", "@db/schema", ...). */
function specifiersOf(layerName) {
  const layer = layers.find((l) => l.name === layerName);
  return layer.paths.flatMap((p) => {
    const alias = p.startsWith("db/") ? `@db/${p.slice(3)}` : `~/${p.slice(4)}`;
    return p.endsWith("/") ? [`${alias}*`, `${alias}**`] : [alias.replace(/\.tsx?$/, "")];
  });
}

const globsOf = (layer) => layer.paths.map((p) => (p.endsWith("/") ? `${p}**/*.{ts,tsx,js}` : p));

function restrictions(layer, extra = []) {
  const forbidden = layers.filter((l) => l.name !== layer.name && !layer.may.includes(l.name));
  const patterns = forbidden.map((l) => ({
    group: specifiersOf(l.name),
    message: `${layer.name} must not import ${l.name} (architecture.config.js).`,
  }));
  if (frameworkFreeLayers.includes(layer.name)) {
    patterns.push({
      group: webPackages.flatMap((p) => (p.endsWith("/") ? [`${p}*`] : [p, `${p}/*`])),
      message: `${layer.name} stays free of Remix and React.`,
    });
  }
  return [...patterns, ...extra];
}

const layerRules = layers
  .filter((l) => l.name !== "domain")
  .map((layer) => ({
    files: globsOf(layer),
    rules: { "no-restricted-imports": ["error", { patterns: restrictions(layer) }] },
  }));

// Each area of the domain: the layers the domain may not use, the request-only guards, and every area of its own row
// or a later one.
const domain = layers.find((l) => l.name === "domain");
const areaRules = areaOrder.flatMap((row, rank) =>
  row.map((area) => {
    const notYet = areaOrder
      .slice(rank)
      .flat()
      .filter((other) => other !== area);
    return {
      files: [`app/domain/${area}/**/*.{ts,tsx}`],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: restrictions(domain, [
              {
                group: requestOnlyAuthFiles.map((f) => `~/${f.slice(4).replace(/\.tsx?$/, "")}`),
                message: "The domain does not answer HTTP: use assertCan from ~/auth/permissions.",
              },
              ...(notYet.length
                ? [
                    {
                      group: notYet.flatMap((a) => [`~/domain/${a}/*`, `../${a}/*`]),
                      message: `${area} may import only areas before it (architecture.config.js); register a handler in app/startup/wiring.server.ts instead.`,
                    },
                  ]
                : []),
            ]),
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    ignores: [
      "build/**",
      "public/build/**",
      "node_modules/**",
      ".cache/**",
      "data/**",
      "tests/.artifacts/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "unused-imports": unusedImports, "import-x": importX, "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": "off",
      "unused-imports/no-unused-imports": "error",
      "unused-imports/no-unused-vars": [
        "error",
        { args: "none", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "import-x/no-duplicates": ["error", { "prefer-inline": true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-control-regex": "off",
    },
  },
  { files: ["app/**/*.tsx"], ...jsxA11y.flatConfigs.recommended },
  {
    files: ["app/**/*.tsx"],
    rules: {
      // Labels wrap their input and a text in spans (a label and a hint).
      "jsx-a11y/label-has-associated-control": ["error", { depth: 4 }],
      // A scrollable table is a labelled region that takes the focus, so that it scrolls by keyboard (WCAG 2.1.1).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["region"], tags: [] }],
      // Hydration is detected with an effect that sets state once; the React Compiler's stricter rule does not apply.
      "react-hooks/set-state-in-effect": "off",
    },
  },
  {
    // The one input boundary (app/web/input.server.ts, issue 15): forms are read by readForm or parseUploadForm,
    // which refuse what the database would refuse and answer a body that is not a form with 4xx, never 500.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/web/input.server.ts", "app/web/uploads.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(formData|json)$/][callee.object.name='request']",
          message: "Read a form with readForm (~/web/input.server) or parseUploadForm (~/web/uploads.server).",
        },
        {
          selector: "ImportSpecifier[imported.name='unstable_parseMultipartFormData']",
          message: "Read an upload form with parseUploadForm (~/web/uploads.server).",
        },
      ],
    },
  },
  ...layerRules,
  ...areaRules,
  {
    // Tests may reach any layer, build rows loosely and use `any` where a typed fixture would say nothing more.
    // Migrations take Kysely<any> (they must not depend on today's schema types).
    files: ["db/migrations/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["tests/**/*.{ts,tsx}", "bench/**/*.ts"],
    // Helpers named use… (useStripeMock, useDatabaseForTests) are test fixtures, not React hooks.
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "no-restricted-imports": "off",
      "react-hooks/rules-of-hooks": "off",
    },
  },
  prettier,
);
