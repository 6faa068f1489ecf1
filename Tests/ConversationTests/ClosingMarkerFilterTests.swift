import Conversation
import Foundation
import Testing

@Suite struct ClosingMarkerFilterTests {

    @Test func passesOrdinaryText() {
        var filter = ClosingMarkerFilter()
        #expect(filter.feed("Hello there. ") == "Hello there. ")
        #expect(filter.feed("Tell me [more].") == "Tell me [more].")
        #expect(filter.finish() == "")
        #expect(!filter.closingDetected)
    }

    @Test func removesTheMarkerAndEverythingAfterIt() {
        var filter = ClosingMarkerFilter()
        #expect(filter.feed("Goodbye! [END_INTERVIEW] (extra)") == "Goodbye! ")
        #expect(filter.closingDetected)
        #expect(filter.feed("more text") == "")
        #expect(filter.finish() == "")
    }

    @Test func holdsBackAPossibleMarkerUntilDecided() {
        var filter = ClosingMarkerFilter()
        #expect(filter.feed("Thanks. [END") == "Thanks. ")
        #expect(filter.feed("_INTER") == "")
        #expect(filter.feed("VIEW]") == "")
        #expect(filter.closingDetected)
    }

    @Test func releasesAFalseStart() {
        var filter = ClosingMarkerFilter()
        #expect(filter.feed("Use [E") == "Use ")
        #expect(filter.feed("ND_X] please") == "[END_X] please")
        #expect(filter.feed("[") == "")
        #expect(filter.finish() == "[")
        #expect(!filter.closingDetected)
    }

    @Test func matchesIgnoringCase() {
        var filter = ClosingMarkerFilter()
        #expect(filter.feed("Bye. [end_Interview]") == "Bye. ")
        #expect(filter.closingDetected)
    }

    @Test func everySplitGivesTheSameText() {
        let text = "Thank you so much, goodbye! [END_INTERVIEW] ignored"
        let scalars = Array(text.unicodeScalars)
        for cut in 0...scalars.count {
            var filter = ClosingMarkerFilter()
            let first = String(String.UnicodeScalarView(scalars[..<cut]))
            let second = String(String.UnicodeScalarView(scalars[cut...]))
            #expect(filter.feed(first) + filter.feed(second) + filter.finish() == "Thank you so much, goodbye! ")
            #expect(filter.closingDetected)
        }
    }

    @Test func anEmptyMarkerFiltersNothing() {
        var filter = ClosingMarkerFilter(marker: "")
        #expect(filter.feed("abc") == "abc")
        #expect(!filter.closingDetected)
    }
}
