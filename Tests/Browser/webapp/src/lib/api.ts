// src/lib/api.ts

const API_URL = import.meta.env.VITE_API_URL

class ApiClient {
  private token: string | null = localStorage.getItem('token')

  setToken(token: string | null) {
    this.token = token
    if (token) {
      localStorage.setItem('token', token)
    } else {
      localStorage.removeItem('token')
    }
  }

  private async request<T>(path: string, options: RequestInit = {}): Promise<T> {
    const res = await fetch(`${API_URL}${path}`, {
      ...options,
      headers: {
        'Content-Type': 'application/json',
        ...(this.token && { Authorization: `Bearer ${this.token}` }),
        ...options.headers,
      },
    })

    if (!res.ok) {
      const error = await res.json().catch(() => ({ message: 'Request failed' }))
      throw new Error(error.message || error.error || 'Request failed')
    }

    return res.json()
  }

  // Auth
  signIn = (email: string, password: string) =>
    this.request<{ user: any; token: string }>('/auth/signin', {
      method: 'POST',
      body: JSON.stringify({ email, password }),
    }).then(res => {
      this.setToken(res.token)
      return res
    })

  signUp = (email: string, password: string, role?: string) =>
    this.request<{ user: any; token: string }>('/auth/signup', {
      method: 'POST',
      body: JSON.stringify({ email, password, role }),
    }).then(res => {
      this.setToken(res.token)
      return res
    })

  signOut = () => {
    return this.request('/auth/signout', { method: 'POST' })
      .finally(() => this.setToken(null))
  }

  getMe = () => this.request<{ user: any }>('/auth/me')

  // Interviews
  getInterviews = () => this.request<any[]>('/interviews')
  getInterview = (id: string) => this.request<any>(`/interviews/${id}`)
  createInterview = (data: any) =>
    this.request('/interviews', { method: 'POST', body: JSON.stringify(data) })

  // Jobs
  getJobs = () => this.request<any[]>('/jobs')
  createJob = (data: any) =>
    this.request('/jobs', { method: 'POST', body: JSON.stringify(data) })

  // Files
  uploadFile = async (file: File, category: string) => {
    const formData = new FormData()
    formData.append('file', file)
    formData.append('category', category)

    const res = await fetch(`${API_URL}/files/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}` },
      body: formData,
    })

    return res.json()
  }

  getFileUrl = (fileId: string) => `${API_URL}/files/${fileId}`

  // Videos
  getVideoUploadUrl = (interviewId: string, fileName: string) =>
    this.request<{ uploadUrl: string; fileKey: string }>('/videos/upload-url', {
      method: 'POST',
      body: JSON.stringify({ interviewId, fileName }),
    })

  confirmVideoUpload = (interviewId: string, fileKey: string) =>
    this.request('/videos/confirm', {
      method: 'POST',
      body: JSON.stringify({ interviewId, fileKey }),
    })

  getVideoWatchUrl = (interviewId: string) =>
    this.request<{ url: string }>(`/videos/${interviewId}/watch`)

  // Voice
  getVoiceProvider = () => this.request<{ stt: string; tts: string; llm: string }>('/voice/provider')
  evaluateInterview = (interviewId: string) =>
    this.request(`/voice/interview/${interviewId}/evaluate`, { method: 'POST' })
}

export const api = new ApiClient()
