import Core
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PostgresNIO

/// `/auth/*` and `/profile`: sign-up, sign-in, sign-out, the current user and their profile.
struct AuthController {
    let services: APIServices

    func register(on router: Router<APIRequestContext>) {
        router.post("/auth/signup", use: signUp)
        router.post("/auth/signin", use: signIn)
        router.post("/auth/signout", use: signOut)
        router.get("/auth/me", use: me)
        router.get("/profile", use: profile)
        router.patch("/profile", use: updateProfile)
        router.put("/profile", use: updateProfile)
    }

    struct SignUpBody: Decodable, Validatable {
        var email: String
        var password: String
        var role: String?
        var signupCode: String?

        func validate(_ v: inout Validator) {
            v.email(email, "email")
            if let problem = PasswordPolicy.problem(with: password) { v.check(false, "password", problem) }
            if let role { v.check(["RECRUITER", "CANDIDATE"].contains(role.uppercased()), "role", "must be RECRUITER or CANDIDATE") }
            v.length(signupCode, "signupCode", 1...200)
        }
    }

    struct SignInBody: Decodable, Validatable {
        var email: String
        var password: String

        func validate(_ v: inout Validator) {
            v.length(email, "email", 1...320)
            v.length(password, "password", 1...1024)
        }
    }

    /// `{user, token}` with the profile, as the old client expects.
    struct AuthResponse: Encodable {
        var user: UserView
        var token: String
    }

    struct UserView: Encodable {
        var id: UUID
        var email: String
        var role: UserRole
        var createdAt: Date
        var profile: Profile?
    }

    func signUp(_ request: Request, context: APIRequestContext) async throws -> Response {
        try TrustedOrigin.require(request, configuration: services.platform.configuration)
        let body = try await request.decodeJSON(as: SignUpBody.self, limit: 16 << 10)
        let role = body.role.flatMap { UserRole(rawValue: $0.uppercased()) } ?? .recruiter
        let logger = context.logger
        let email = body.email.lowercased()
        let address = ClientAddress.of(request, context: context, trustProxy: services.platform.configuration.api.trustProxy)
        try await services.signUpThrottle.admit(email: email, address: address)
        if role == .recruiter, let codeHash = try await AdminSettings.signupCodeHash(on: services.platform.postgres, logger: logger) {
            try await services.signUpThrottle.admitSignupCode(address: address)
            guard let code = body.signupCode, await services.hasher.verify(code, against: codeHash) else {
                await services.signUpThrottle.recordSignupCodeFailure(address: address)
                throw APIError(.forbidden, code: .invalidSignupCode, message: "A valid signup code is required to create a recruiter account")
            }
        }
        let hash = try await services.hasher.hash(body.password)
        let user = try await services.platform.postgres.withConnection { connection in
            try await User.insert(email: email, passwordHash: hash, role: role, on: connection, logger: logger)
        }
        guard let user else {
            throw APIError(.conflict, code: .emailTaken, message: "An account with this email already exists")
        }
        return try await startSession(for: user, status: .created, logger: logger)
    }

    func signIn(_ request: Request, context: APIRequestContext) async throws -> Response {
        try TrustedOrigin.require(request, configuration: services.platform.configuration)
        let body = try await request.decodeJSON(as: SignInBody.self, limit: 16 << 10)
        let email = body.email.lowercased()
        let logger = context.logger
        try await services.throttle.admit(email: email, address: ClientAddress.of(request, context: context, trustProxy: services.platform.configuration.api.trustProxy))
        let found = try await User.credentials(email: email, on: services.platform.postgres, logger: logger)
        // The same bcrypt work for unknown emails and every stored cost, so timing does not reveal accounts.
        let valid = await services.signInVerifier.verify(body.password, against: found?.1)
        guard let (user, storedHash) = found, valid else {
            await services.throttle.recordFailure(email: email)
            throw APIError(.unauthorized, code: .invalidCredentials, message: "Invalid email or password")
        }
        await services.throttle.recordSuccess(email: email)
        if storedHash.hasPrefix("$2a$") || storedHash.hasPrefix("$2y$") {
            // Migrated hash: keep it working, and store a current one now that the password is known.
            if let upgraded = try? await services.hasher.hash(body.password) {
                try? await User.updatePasswordHash(id: user.id, to: upgraded, on: services.platform.postgres, logger: logger)
            }
        }
        return try await startSession(for: user, status: .ok, logger: logger)
    }

    func startSession(for user: User, status: HTTPResponse.Status, logger: Logger) async throws -> Response {
        let lifetime = services.platform.configuration.jwtExpiresIn
        let now = Date()
        let expiresAt = now.addingTimeInterval(TimeInterval(lifetime.components.seconds))
        let sessionId = UUID()
        let claims = SessionClaims(typ: "session", sub: user.id, sid: sessionId, iat: Int(now.timeIntervalSince1970),
                                   exp: Int(expiresAt.timeIntervalSince1970))
        let token = try services.signer.sign(claims)
        try await SessionRecord.insert(id: sessionId, userId: user.id, tokenHash: SecureToken.sha256Hex(token), expiresAt: expiresAt,
                                       on: services.platform.postgres, logger: logger)
        let profile = try await Profile.find(userId: user.id, on: services.platform.postgres, logger: logger)
        let view = UserView(id: user.id, email: user.email, role: user.role, createdAt: user.createdAt, profile: profile)
        return try JSONResponse.make(status, AuthResponse(user: view, token: token), headers: [.setCookie: SessionCookie.set(token, lifetime: lifetime, configuration: services.platform.configuration)])
    }

    func signOut(_ request: Request, context: APIRequestContext) async throws -> Response {
        guard let caller = context.caller, case .session(let sessionId) = caller.credential else {
            // Signing out without a session is harmless: clear the cookie anyway.
            if context.caller != nil {
                throw APIError(.forbidden, code: .forbidden, message: "Only a signed-in session can be signed out")
            }
            return try JSONResponse.make(.ok, ["success": true], headers: [.setCookie: SessionCookie.clear(configuration: services.platform.configuration)])
        }
        if let userId = caller.userId {
            try await services.sessionRevoker.signOut(sessionId: sessionId, userId: userId, logger: context.logger)
        }
        return try JSONResponse.make(.ok, ["success": true], headers: [.setCookie: SessionCookie.clear(configuration: services.platform.configuration)])
    }

    struct MeResponse: Encodable {
        var user: UserView
    }

    func me(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (id, _) = try Access.signedIn(context)
        guard let user = try await User.find(id: id, on: services.platform.postgres, logger: context.logger) else {
            throw Authenticator.invalid("The account no longer exists")
        }
        let profile = try await Profile.find(userId: id, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, MeResponse(user: UserView(id: user.id, email: user.email, role: user.role, createdAt: user.createdAt, profile: profile)))
    }

    func profile(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (id, _) = try Access.signedIn(context)
        let profile = try await Profile.find(userId: id, on: services.platform.postgres, logger: context.logger) ?? Profile()
        return try JSONResponse.make(.ok, ["profile": profile])
    }

    struct ProfileBody: Decodable, Validatable {
        var companyName: String?
        var logoFileId: UUID?
        var brandColor: String?
        var emailIntro: String?
        var emailTips: String?
        var emailCta: String?

        func validate(_ v: inout Validator) {
            v.length(companyName, "companyName", 1...200)
            if let brandColor {
                let hex = brandColor.dropFirst()
                v.check(brandColor.hasPrefix("#") && hex.count == 6 && hex.allSatisfy(\.isHexDigit), "brandColor", "must be a colour like #1A2B3C")
            }
            v.length(emailIntro, "emailIntro", 0...2000)
            v.length(emailTips, "emailTips", 0...2000)
            v.length(emailCta, "emailCta", 1...100)
        }
    }

    func updateProfile(_ request: Request, context: APIRequestContext) async throws -> Response {
        let (id, _) = try Access.user(context, roles: [.recruiter, .admin])
        let body = try await request.decodeJSON(as: ProfileBody.self, limit: 32 << 10)
        if let logo = body.logoFileId {
            let file = try await StoredFile.find(id: logo, on: services.platform.postgres, logger: context.logger)
            guard let file, file.uploadedBy == id, file.category == .logo else {
                throw APIError.validation(field: "logoFileId", problem: "must be a LOGO file you uploaded")
            }
        }
        let changes = Profile(companyName: body.companyName, logoFileId: body.logoFileId, brandColor: body.brandColor,
                              emailIntro: body.emailIntro, emailTips: body.emailTips, emailCta: body.emailCta)
        let profile = try await Profile.merge(userId: id, changes, on: services.platform.postgres, logger: context.logger)
        return try JSONResponse.make(.ok, ["profile": profile])
    }
}
