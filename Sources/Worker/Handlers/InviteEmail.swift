import Domain
import Foundation

/// The recruiter's branded invite email: HTML and plain text.
struct InviteEmail {
    let subject: String
    let html: String
    let text: String

    init(details: InviteDetails, link: String, logoURL: String?) {
        let profile = details.profile
        let company = profile.companyName ?? "VantaHire"
        let candidate = details.interview.candidateName ?? "there"
        let role = details.postingTitle.map { " for the \($0) role" } ?? ""
        let color = profile.brandColor ?? "#4F46E5"
        let cta = profile.emailCta ?? "Start your interview"
        let intro = profile.emailIntro ?? "\(company) invites you to an AI interview\(role)."
        let kind = details.interview.type == .voice ? "voice" : "text"
        let minutes = details.interview.timeLimit
        let deadline = details.interview.expiresAt.formatted(Date.ISO8601FormatStyle().year().month().day())
        subject = "\(company): your interview invitation\(role)"
        var textLines = ["Hi \(candidate),", "", intro, "",
                         "It is a \(kind) interview of about \(minutes) minutes. Please complete it before \(deadline)."]
        if let tips = profile.emailTips, !tips.isEmpty { textLines += ["", tips] }
        textLines += ["", "\(cta): \(link)", "", "— \(company)"]
        text = textLines.joined(separator: "\n")
        let e = Self.escape
        let logo = logoURL.map { #"<img src="\#(e($0))" alt="\#(e(company))" style="max-height:48px;margin-bottom:16px">"# } ?? ""
        let tips = profile.emailTips.map { "<p style=\"color:#555\">\(e($0))</p>" } ?? ""
        html = """
            <!doctype html><html><body style="font-family:Arial,sans-serif;background:#f6f6f9;padding:24px">
            <div style="max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:32px">
            \(logo)
            <p>Hi \(e(candidate)),</p>
            <p>\(e(intro))</p>
            <p>It is a \(kind) interview of about \(minutes) minutes. Please complete it before \(e(deadline)).</p>
            \(tips)
            <p style="text-align:center;margin:32px 0"><a href="\(e(link))" style="background:\(e(color));color:#fff;padding:12px 24px;border-radius:6px;text-decoration:none">\(e(cta))</a></p>
            <p style="color:#888;font-size:12px">If the button does not work, open this link: \(e(link))</p>
            <p>— \(e(company))</p>
            </div></body></html>
            """
    }

    /// HTML-escapes recruiter-provided text.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
