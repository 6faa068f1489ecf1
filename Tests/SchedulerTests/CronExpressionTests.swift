import Foundation
import Scheduler
import Testing

/// Parses an ISO 8601 timestamp such as `2026-03-08T07:00:00Z`.
private func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
        preconditionFailure("bad test timestamp \(text)")
    }
    return date
}

private func zone(_ identifier: String) -> TimeZone {
    guard let tz = TimeZone(identifier: identifier) else {
        preconditionFailure("unknown time zone \(identifier)")
    }
    return tz
}

private let newYork = zone("America/New_York")
private let berlin = zone("Europe/Berlin")

@Suite struct CronExpressionTests {

    // MARK: - Macros

    @Test(arguments: [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("@DAILY", "0 0 * * *"),
    ])
    func macrosExpandToTheirFiveFieldEquivalents(macro: String, equivalent: String) throws {
        let a = try CronExpression(macro)
        let b = try CronExpression(equivalent)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(!a.hasSeconds)
        let start = instant("2026-05-13T10:17:00Z")
        #expect(a.next(after: start) == b.next(after: start))
        #expect(a.previous(atOrBefore: start) == b.previous(atOrBefore: start))
    }

    @Test(arguments: [
        ("@hourly", "2026-05-13T10:17:00Z", "2026-05-13T11:00:00Z"),
        ("@daily", "2026-05-13T10:17:00Z", "2026-05-14T00:00:00Z"),
        ("@weekly", "2026-05-13T10:17:00Z", "2026-05-17T00:00:00Z"),  // next Sunday
        ("@monthly", "2026-05-13T10:17:00Z", "2026-06-01T00:00:00Z"),
        ("@yearly", "2026-05-13T10:17:00Z", "2027-01-01T00:00:00Z"),
    ])
    func macroNextTicks(macro: String, after: String, expected: String) throws {
        let cron = try CronExpression(macro)
        #expect(cron.next(after: instant(after)) == instant(expected))
    }

    // MARK: - Ranges, steps, lists

    @Test(arguments: [
        ("*/15 * * * *", "2026-01-01T10:07:00Z", "2026-01-01T10:15:00Z"),
        ("*/15 * * * *", "2026-01-01T10:45:00Z", "2026-01-01T11:00:00Z"),
        ("5 * * * *", "2026-01-01T10:05:00Z", "2026-01-01T11:05:00Z"),
        ("0 9-17 * * *", "2026-01-01T17:00:00Z", "2026-01-02T09:00:00Z"),
        ("0 9-17 * * *", "2026-01-01T08:59:59Z", "2026-01-01T09:00:00Z"),
        ("10-20/5 * * * *", "2026-01-01T10:16:00Z", "2026-01-01T10:20:00Z"),
        ("10-20/5 * * * *", "2026-01-01T10:20:00Z", "2026-01-01T11:10:00Z"),
        ("7/20 * * * *", "2026-01-01T10:28:00Z", "2026-01-01T10:47:00Z"),
        ("7/20 * * * *", "2026-01-01T10:47:00Z", "2026-01-01T11:07:00Z"),
        ("1,3,10-12 * * * *", "2026-01-01T10:03:00Z", "2026-01-01T10:10:00Z"),
        ("1,3,10-12 * * * *", "2026-01-01T10:12:00Z", "2026-01-01T11:01:00Z"),
        ("0 0 1,15 * *", "2026-01-02T00:00:00Z", "2026-01-15T00:00:00Z"),
        ("0 0 * 3-5 *", "2026-01-02T00:00:00Z", "2026-03-01T00:00:00Z"),
        ("0 0 * * 1-5", "2026-01-02T12:00:00Z", "2026-01-05T00:00:00Z"),  // Fri -> Mon
        ("0 12 */10 * *", "2026-01-11T12:00:00Z", "2026-01-21T12:00:00Z"),
        ("30 23 31 12 *", "2026-01-01T00:00:00Z", "2026-12-31T23:30:00Z"),
    ])
    func rangesStepsAndLists(expression: String, after: String, expected: String) throws {
        let cron = try CronExpression(expression)
        #expect(cron.next(after: instant(after)) == instant(expected))
    }

    @Test func stepListCountsPerHour() throws {
        let cron = try CronExpression("0-10/5,30,45-47 * * * *")
        let ticks = cron.ticks(after: instant("2026-01-01T09:59:59Z"), through: instant("2026-01-01T10:59:59Z"))
        let minutes = ticks.map { Int($0.timeIntervalSince1970) / 60 % 60 }
        #expect(minutes == [0, 5, 10, 30, 45, 46, 47])
    }

    // MARK: - Names

    @Test func monthAndWeekdayNamesAreCaseInsensitive() throws {
        let named = try CronExpression("0 9 * jan-Mar MON-fri")
        let numeric = try CronExpression("0 9 * 1-3 1-5")
        #expect(named == numeric)
        #expect(try CronExpression("0 0 1 DEC *") == CronExpression("0 0 1 12 *"))
        #expect(try CronExpression("0 0 * * sun,SAT") == CronExpression("0 0 * * 0,6"))
        #expect(try CronExpression("0 0 * JUN-AUG/2 *") == CronExpression("0 0 * 6,8 *"))
        // After Tuesday 2026-03-31 09:00 the months April-December are excluded: next is Friday 2027-01-01.
        #expect(named.next(after: instant("2026-03-31T09:00:00Z")) == instant("2027-01-01T09:00:00Z"))
    }

    @Test func dayOfWeekSevenIsSunday() throws {
        let seven = try CronExpression("0 0 * * 7")
        let zero = try CronExpression("0 0 * * 0")
        #expect(seven == zero)
        #expect(try CronExpression("0 0 * * 5-7") == CronExpression("0 0 * * 0,5,6"))
        // 2026-05-13 is a Wednesday; the following Sunday is 2026-05-17.
        #expect(seven.next(after: instant("2026-05-13T00:00:00Z")) == instant("2026-05-17T00:00:00Z"))
    }

    // MARK: - Day matching

    @Test func vixieRuleMatchesEitherDayOfMonthOrDayOfWeek() throws {
        // The 13th of the month OR any Friday.
        let cron = try CronExpression("0 0 13 * 5")
        let ticks = cron.ticks(after: instant("2026-02-28T00:00:00Z"), through: instant("2026-03-31T23:59:59Z"))
        #expect(
            ticks == [
                instant("2026-03-06T00:00:00Z"),
                instant("2026-03-13T00:00:00Z"),  // both a Friday and the 13th: once
                instant("2026-03-20T00:00:00Z"),
                instant("2026-03-27T00:00:00Z"),
            ])
        let other = try CronExpression("0 0 1 * 1")
        let aprilTicks = other.ticks(after: instant("2026-03-31T00:00:00Z"), through: instant("2026-04-30T00:00:00Z"))
        // April 1 (Wednesday) plus the Mondays 6, 13, 20, 27.
        #expect(aprilTicks.count == 5)
    }

    @Test func starDayFieldMeansBothMustMatch() throws {
        // Day-of-month is '*', so only Fridays match.
        let fridays = try CronExpression("0 0 * * 5")
        let ticks = fridays.ticks(after: instant("2026-03-01T00:00:00Z"), through: instant("2026-03-31T23:59:59Z"))
        #expect(ticks.count == 4)
        // Day-of-week is '*', so only the 13th matches.
        let thirteenth = try CronExpression("0 0 13 * *")
        #expect(thirteenth.ticks(after: instant("2026-03-01T00:00:00Z"), through: instant("2026-03-31T23:59:59Z")).count == 1)
        // Vixie quirk: a field starting with '*' (like */2) counts as unrestricted, so the rule is AND.
        let oddMondays = try CronExpression("0 0 */2 * 1")
        let march = oddMondays.ticks(after: instant("2026-03-01T00:00:00Z"), through: instant("2026-03-31T23:59:59Z"))
        // Mondays in March 2026: 2, 9, 16, 23, 30; odd days among them: 9, 23.
        #expect(march == [instant("2026-03-09T00:00:00Z"), instant("2026-03-23T00:00:00Z")])
    }

    @Test func leapDayIsFoundQuickly() throws {
        let cron = try CronExpression("0 0 29 2 *")
        let clock = ContinuousClock()
        var results: [Date?] = []
        let elapsed = clock.measure {
            results.append(cron.next(after: instant("2026-01-01T00:00:00Z")))
            results.append(cron.next(after: instant("2096-02-29T00:00:00Z")))  // 2100 is not a leap year
            results.append(cron.previous(atOrBefore: instant("2027-06-01T00:00:00Z")))
        }
        #expect(results[0] == instant("2028-02-29T00:00:00Z"))
        #expect(results[1] == instant("2104-02-29T00:00:00Z"))
        #expect(results[2] == instant("2024-02-29T00:00:00Z"))
        #expect(elapsed < .seconds(1))
    }

    @Test func monthEndSkipsShortMonths() throws {
        let cron = try CronExpression("0 12 31 * *")
        let ticks = cron.ticks(after: instant("2026-01-01T00:00:00Z"), through: instant("2026-12-31T23:59:59Z"))
        #expect(ticks.count == 7)  // Jan, Mar, May, Jul, Aug, Oct, Dec
        #expect(cron.next(after: instant("2026-03-31T12:00:00Z")) == instant("2026-05-31T12:00:00Z"))
        let thirtieth = try CronExpression("0 0 30 * *")
        #expect(thirtieth.next(after: instant("2026-01-30T00:00:00Z")) == instant("2026-03-30T00:00:00Z"))
    }

    @Test func impossibleDateNeverFires() throws {
        let cron = try CronExpression("0 0 30 2 *")
        #expect(cron.next(after: instant("2026-01-01T00:00:00Z")) == nil)
        #expect(cron.previous(atOrBefore: instant("2026-01-01T00:00:00Z")) == nil)
        #expect(cron.ticks(after: instant("2026-01-01T00:00:00Z"), through: instant("2030-01-01T00:00:00Z")).isEmpty)
    }

    // MARK: - Invalid input

    @Test(arguments: [
        ("", ["empty"]),
        ("* * * *", ["expected 5", "got 4"]),
        ("* * * * * * *", ["got 7"]),
        ("60 * * * *", ["minute", "60"]),
        ("* 24 * * *", ["hour", "24"]),
        ("* * 0 * *", ["day-of-month", "0"]),
        ("* * 32 * *", ["day-of-month", "32"]),
        ("* * * 13 *", ["month", "13"]),
        ("* * * 0 *", ["month", "0"]),
        ("* * * * 8", ["day-of-week", "8"]),
        ("* * * FOO *", ["month", "FOO"]),
        ("* * * * FUNDAY", ["day-of-week", "FUNDAY"]),
        ("MON * * * *", ["minute", "MON"]),
        ("*/0 * * * *", ["minute", "step", "*/0"]),
        ("* */0 * * *", ["hour", "step"]),
        ("1,,2 * * * *", ["minute", "empty", "1,,2"]),
        (", * * * *", ["minute", "empty"]),
        ("5-3 * * * *", ["minute", "5-3", "greater"]),
        ("1-2-3 * * * *", ["minute", "1-2-3"]),
        ("*/ * * * *", ["minute", "step"]),
        ("*/x * * * *", ["minute", "x"]),
        ("-1 * * * *", ["minute", "-1"]),
        ("1/2/3 * * * *", ["minute", "1/2/3"]),
        ("99999999999999999999 * * * *", ["minute", "99999999999999999999"]),
        ("0 0 * * * 60", ["day-of-week", "60"]),
        ("60 0 0 * * *", ["second", "60"]),
        ("@reboot", ["@reboot"]),
        ("@every 5m", ["got 2"]),
        ("L * * * *", ["minute", "L"]),
        ("0 0 ? * *", ["day-of-month", "?"]),
    ])
    func invalidExpressionsNameTheField(text: String, fragments: [String]) {
        let error = #expect(throws: CronParseError.self) {
            _ = try CronExpression(text)
        }
        for fragment in fragments {
            #expect(error?.message.contains(fragment) == true, "message \(error?.message ?? "nil") lacks \(fragment)")
        }
        #expect(error?.description == error?.message)
    }

    @Test func errorMessageIsSpecific() {
        #expect(throws: CronParseError(message: "invalid minute field '60': value 60 is out of range 0-59")) {
            _ = try CronExpression("60 * * * *")
        }
    }

    // MARK: - next / previous round trips

    @Test(arguments: [
        "* * * * *",
        "*/7 * * * *",
        "0 */3 * * *",
        "30 2 * * *",
        "30 1 * * *",
        "0 0 13 * 5",
        "15 10 1-7 * 1",
        "0 0 29 2 *",
        "@weekly",
        "*/20 * * * * *",
        "0 0 31 * *",
    ])
    func nextAndPreviousRoundTrip(expression: String) throws {
        for tz in [zone("UTC"), newYork, berlin] {
            let cron = try CronExpression(expression, timeZone: tz)
            var cursor = instant("2026-03-07T00:00:00Z")
            for _ in 0..<50 {
                guard let next = cron.next(after: cursor) else {
                    Issue.record("no next tick for \(cron) after \(cursor)")
                    return
                }
                #expect(next > cursor)
                #expect(cron.previous(atOrBefore: next) == next)
                let justBefore = next.addingTimeInterval(-1)
                if let previous = cron.previous(atOrBefore: justBefore) {
                    #expect(previous < next)
                    #expect(cron.next(after: previous) == next)
                }
                #expect(cron.next(after: justBefore) == next)
                cursor = next
            }
        }
    }

    @Test func roundTripAcrossDSTWeekendsEveryMinute() throws {
        // Walk every minute tick across both 2026 New York transitions and check consistency.
        for (from, to) in [
            ("2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z"),
            ("2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z"),
        ] {
            let cron = try CronExpression("*/10 * * * *", timeZone: newYork)
            let ticks = cron.ticks(after: instant(from), through: instant(to))
            #expect(ticks == ticks.sorted())
            #expect(Set(ticks).count == ticks.count)
            for (a, b) in zip(ticks, ticks.dropFirst()) {
                #expect(cron.next(after: a) == b)
                #expect(cron.previous(atOrBefore: b.addingTimeInterval(-1)) == a)
            }
        }
    }

    @Test func fractionalSecondsAreHandled() throws {
        let cron = try CronExpression("* * * * *")
        let date = instant("2026-01-01T10:00:00Z").addingTimeInterval(0.5)
        #expect(cron.next(after: date) == instant("2026-01-01T10:01:00Z"))
        #expect(cron.previous(atOrBefore: date) == instant("2026-01-01T10:00:00Z"))
        #expect(cron.next(after: instant("2026-01-01T09:59:59Z").addingTimeInterval(0.999)) == instant("2026-01-01T10:00:00Z"))
    }

    // MARK: - Time zones and DST

    @Test func fieldsAreEvaluatedInTheGivenTimeZone() throws {
        let cron = try CronExpression("0 9 * * *", timeZone: newYork)
        #expect(cron.timeZone.identifier == "America/New_York")
        #expect(cron.next(after: instant("2026-01-15T00:00:00Z")) == instant("2026-01-15T14:00:00Z"))  // EST
        #expect(cron.next(after: instant("2026-07-15T00:00:00Z")) == instant("2026-07-15T13:00:00Z"))  // EDT
        let utc = try CronExpression("0 9 * * *")
        #expect(utc.next(after: instant("2026-07-15T00:00:00Z")) == instant("2026-07-15T09:00:00Z"))
        #expect(cron != utc)
    }

    @Test func dayBoundariesFollowTheTimeZone() throws {
        // 2026-05-15 is a Friday. At 23:30 Friday in New York it is already Saturday in UTC.
        let cron = try CronExpression("30 23 * * FRI", timeZone: newYork)
        #expect(cron.next(after: instant("2026-05-14T00:00:00Z")) == instant("2026-05-16T03:30:00Z"))
        let tokyo = try CronExpression("0 0 1 * *", timeZone: zone("Asia/Tokyo"))
        #expect(tokyo.next(after: instant("2026-05-15T00:00:00Z")) == instant("2026-05-31T15:00:00Z"))
    }

    @Test(arguments: [
        // (zone, local day window start, end, expected single tick)
        ("America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T05:00:00Z", "2026-03-08T07:00:00Z"),
        ("Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", "2026-03-29T01:00:00Z"),
    ])
    func springForwardNonexistentTimeFiresExactlyOnce(
        zoneID: String, dayStart: String, dayEnd: String, expected: String
    ) throws {
        let cron = try CronExpression("30 2 * * *", timeZone: zone(zoneID))
        let ticks = cron.ticks(after: instant(dayStart), through: instant(dayEnd))
        #expect(ticks == [instant(expected)])
        // Next/previous agree with the shifted tick.
        #expect(cron.next(after: instant(dayStart)) == instant(expected))
        #expect(cron.previous(atOrBefore: instant(expected)) == instant(expected))
        #expect(cron.previous(atOrBefore: instant(expected).addingTimeInterval(-1)) != instant(expected))
        // The surrounding days still fire at 02:30 local.
        let week = cron.ticks(
            after: instant(dayStart).addingTimeInterval(-3 * 86_400), through: instant(dayEnd).addingTimeInterval(3 * 86_400))
        #expect(week.count == 7)
    }

    @Test func springForwardDoesNotDuplicateWhenThreeOClockAlsoMatches() throws {
        // 02:00 and 02:30 do not exist; both collapse onto 03:00 EDT, which also matches itself.
        let cron = try CronExpression("0,30 2,3 * * *", timeZone: newYork)
        let ticks = cron.ticks(after: instant("2026-03-08T05:00:00Z"), through: instant("2026-03-09T05:00:00Z"))
        #expect(ticks == [instant("2026-03-08T07:00:00Z"), instant("2026-03-08T07:30:00Z")])
    }

    @Test func springForwardHourlySchedules() throws {
        // On the 23-hour day an on-the-hour schedule fires 23 times.
        let hourly = try CronExpression("0 * * * *", timeZone: newYork)
        let window = (instant("2026-03-08T05:00:00Z"), instant("2026-03-09T03:59:59Z"))
        #expect(hourly.ticks(after: window.0.addingTimeInterval(-1), through: window.1).count == 23)
        // ":30 every hour": the nonexistent 02:30 fires once at 03:00 EDT (documented behaviour).
        let halfPast = try CronExpression("30 * * * *", timeZone: newYork)
        let ticks = halfPast.ticks(after: instant("2026-03-08T05:00:00Z"), through: instant("2026-03-08T08:00:00Z"))
        #expect(
            ticks == [
                instant("2026-03-08T05:30:00Z"),  // 00:30 EST
                instant("2026-03-08T06:30:00Z"),  // 01:30 EST
                instant("2026-03-08T07:00:00Z"),  // 02:30 does not exist -> 03:00 EDT
                instant("2026-03-08T07:30:00Z"),  // 03:30 EDT
            ])
    }

    @Test(arguments: [
        ("America/New_York", "30 1 * * *", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z", "2026-11-01T05:30:00Z"),
        ("Europe/Berlin", "30 2 * * *", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", "2026-10-25T00:30:00Z"),
    ])
    func fallBackRepeatedTimeFiresOnceAtFirstOccurrence(
        zoneID: String, expression: String, dayStart: String, dayEnd: String, expected: String
    ) throws {
        let cron = try CronExpression(expression, timeZone: zone(zoneID))
        #expect(cron.ticks(after: instant(dayStart), through: instant(dayEnd)) == [instant(expected)])
        // Asking from inside the repeated hour does not produce the second occurrence.
        let insideRepeat = instant(expected).addingTimeInterval(1_800)
        #expect(cron.next(after: insideRepeat)! > instant(dayEnd))
        #expect(cron.previous(atOrBefore: instant(expected).addingTimeInterval(3_600 + 60)) == instant(expected))
    }

    @Test func fallBackHourlyScheduleFiresInBothRepeatedHours() throws {
        let halfPast = try CronExpression("30 * * * *", timeZone: newYork)
        let ticks = halfPast.ticks(after: instant("2026-11-01T04:00:00Z"), through: instant("2026-11-01T08:00:00Z"))
        #expect(
            ticks == [
                instant("2026-11-01T04:30:00Z"),  // 00:30 EDT
                instant("2026-11-01T05:30:00Z"),  // 01:30 EDT
                instant("2026-11-01T06:30:00Z"),  // 01:30 EST
                instant("2026-11-01T07:30:00Z"),  // 02:30 EST
            ])
        // The 25-hour day has 25 half-past ticks.
        let day = halfPast.ticks(after: instant("2026-11-01T04:00:00Z"), through: instant("2026-11-02T05:00:00Z"))
        #expect(day.count == 25)
        // Every-minute schedules never pause during the repeated hour.
        let everyMinute = try CronExpression("* * * * *", timeZone: newYork)
        let minutes = everyMinute.ticks(after: instant("2026-11-01T05:00:00Z"), through: instant("2026-11-01T07:00:00Z"))
        #expect(minutes.count == 120)
    }

    // MARK: - Seconds

    @Test func secondsFieldTicksEverySecond() throws {
        let cron = try CronExpression("*/1 * * * * *")
        #expect(cron.hasSeconds)
        let start = instant("2026-01-01T00:00:00Z")
        #expect(cron.next(after: start) == start.addingTimeInterval(1))
        #expect(cron.ticks(after: start, through: start.addingTimeInterval(10)).count == 10)
        #expect(cron.ticks(after: start, through: start.addingTimeInterval(3_600), limit: 100).count == 100)
        #expect(cron.previous(atOrBefore: start.addingTimeInterval(0.9)) == start)
    }

    @Test func secondsFieldWithOtherFields() throws {
        let cron = try CronExpression("15,45 0 12 * * *")
        #expect(cron.hasSeconds)
        #expect(cron.next(after: instant("2026-01-01T12:00:15Z")) == instant("2026-01-01T12:00:45Z"))
        #expect(cron.next(after: instant("2026-01-01T12:00:45Z")) == instant("2026-01-02T12:00:15Z"))
        #expect(cron.previous(atOrBefore: instant("2026-01-01T12:00:44Z")) == instant("2026-01-01T12:00:15Z"))
        #expect(try CronExpression("0 * * * * *") != CronExpression("* * * * *"))
        #expect(try CronExpression("0 * * * * *").next(after: instant("2026-01-01T12:00:00Z")) == instant("2026-01-01T12:01:00Z"))
    }

    // MARK: - ticks(after:through:)

    @Test func ticksCountsQuarterHoursOverTwoHours() throws {
        let cron = try CronExpression("*/15 * * * *")
        let start = instant("2026-01-01T10:00:00Z")
        let ticks = cron.ticks(after: start, through: start.addingTimeInterval(2 * 3_600))
        #expect(ticks.count == 8)
        #expect(ticks.first == instant("2026-01-01T10:15:00Z"))  // start is exclusive
        #expect(ticks.last == instant("2026-01-01T12:00:00Z"))  // end is inclusive
        #expect(cron.ticks(after: start, through: start.addingTimeInterval(2 * 3_600), limit: 3).count == 3)
        #expect(cron.ticks(after: start, through: start).isEmpty)
        #expect(cron.ticks(after: start, through: start.addingTimeInterval(-60)).isEmpty)
        #expect(cron.ticks(after: start, through: start.addingTimeInterval(3_600), limit: 0).isEmpty)
    }

    @Test func ticksOverAYearOfDailyJobsInNewYork() throws {
        let cron = try CronExpression("30 2 * * *", timeZone: newYork)
        let ticks = cron.ticks(after: instant("2026-01-01T05:00:00Z"), through: instant("2027-01-01T05:00:00Z"))
        #expect(ticks.count == 365)
        #expect(Set(ticks).count == 365)
    }

    // MARK: - Description and identity

    @Test func descriptionShowsExpressionAndNonUTCZone() throws {
        #expect(try CronExpression("  */5   *  * * *  ").description == "*/5 * * * *")
        #expect(try CronExpression("@daily").description == "@daily")
        #expect(try CronExpression("0 9 * * 1-5", timeZone: newYork).description == "0 9 * * 1-5 (America/New_York)")
    }

    @Test func equalityIsSemantic() throws {
        #expect(try CronExpression("*/30 * * * *") == CronExpression("0,30 * * * *"))
        #expect(try CronExpression("0 0 * * *") != CronExpression("0 0 * * *", timeZone: newYork))
        let set: Set<CronExpression> = [try CronExpression("@hourly"), try CronExpression("0 * * * *")]
        #expect(set.count == 1)
    }
}
