// The page the browser suite drives: the web app's own `api.ts` and `useSocket.ts` (transpiled
// like Vite does, with `import.meta.env.VITE_API_URL` replaced) inside a small React component
// that shows what the recruiter's dashboard shows: whether the socket is connected and the
// invite statuses per interview id.
import { api } from './build/lib/api.js'
import { useSocket } from './build/hooks/useSocket.js'

const { createElement: h, useState } = window.React
let follow = () => {}

function Dashboard() {
  const [recruiterId, setRecruiterId] = useState(undefined)
  follow = setRecruiterId
  const { connected, emailStatuses, whatsappStatuses } = useSocket(recruiterId)
  const ids = [...new Set([...Object.keys(emailStatuses), ...Object.keys(whatsappStatuses)])].sort()
  return h('main', null,
    h('p', { id: 'connection' }, connected ? 'connected' : 'disconnected'),
    h('ul', { id: 'statuses' }, ids.map(id => h('li', { key: id, 'data-interview': id },
      h('code', null, id), ' email: ',
      h('span', { className: 'email' }, emailStatuses[id] ?? ''),
      ' whatsapp: ',
      h('span', { className: 'whatsapp' }, whatsappStatuses[id] ?? '')))))
}

window.ReactDOM.createRoot(document.getElementById('root')).render(h(Dashboard))

window.vh = {
  api,
  follow: id => follow(id),
  connection: () => document.getElementById('connection')?.textContent ?? '',
  status: (id, channel) => document.querySelector(`[data-interview="${id}"] .${channel}`)?.textContent ?? '',
  shownInterviews: () => [...document.querySelectorAll('[data-interview]')].map(row => row.dataset.interview),
  ready: true,
}
