// src/hooks/useSocket.ts

import { useEffect, useState, useCallback } from 'react'
import { io, Socket } from 'socket.io-client'

let socket: Socket | null = null

export function useSocket(recruiterId?: string) {
  const [connected, setConnected] = useState(false)
  const [emailStatuses, setEmailStatuses] = useState<Record<string, string>>({})
  const [whatsappStatuses, setWhatsappStatuses] = useState<Record<string, string>>({})

  useEffect(() => {
    if (!recruiterId) return

    // Connect to socket
    socket = io(import.meta.env.VITE_API_URL, {
      auth: { token: localStorage.getItem('token') },
    })

    socket.on('connect', () => {
      setConnected(true)
      socket?.emit('join:recruiter', recruiterId)
    })

    socket.on('disconnect', () => {
      setConnected(false)
    })

    // Listen for status updates
    socket.on('email:status', ({ interviewId, status }) => {
      setEmailStatuses(prev => ({ ...prev, [interviewId]: status }))
    })

    socket.on('whatsapp:status', ({ interviewId, status }) => {
      setWhatsappStatuses(prev => ({ ...prev, [interviewId]: status }))
    })

    return () => {
      socket?.disconnect()
      socket = null
    }
  }, [recruiterId])

  return { connected, emailStatuses, whatsappStatuses }
}
