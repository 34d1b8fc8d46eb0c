/** The library version written into saved models (kept equal to package.json by a test). */
export const VERSION = "0.1.0";
/** Version of the saved-model format; fromJSON refuses others. */
export const FORMAT_VERSION = 1;
/** The `format` tag of saved models. */
export const FORMAT = "softmax-regression";
