// `import … from 'react'` resolved to the React UMD build loaded by index.html.
const React = window.React
export const { useEffect, useState, useCallback, useRef, useMemo, createElement } = React
export default React
