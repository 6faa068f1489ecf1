extension GCSFake {
    /// A JWT-bearer exchange the token endpoint accepted.
    public struct TokenExchange: Sendable {
        /// The assertion's decoded JOSE header (`alg`, `typ`, `kid`).
        public let header: JSONValue
        /// The assertion's decoded claims (`iss`, `scope`, `aud`, `iat`, `exp`).
        public let claims: JSONValue
        /// The access token issued.
        public let accessToken: String
    }
}
