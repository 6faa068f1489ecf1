// `import { io } from 'socket.io-client'` resolved to the socket.io-client browser build loaded by
// index.html. Every socket the app creates is also kept in `window.__sockets`, so the suite can
// read its state (connected, active) without changing the app's code.
const created = (window.__sockets = [])

export function io(...args) {
  const socket = window.io(...args)
  created.push(socket)
  return socket
}

export default io
