import ConfideML
import Foundation
import Testing

@Suite("Data sets: MovieLens loader, splits, CSV")
struct DataSetTests {
    private func writeMovieLens(inter: String, user: String? = nil, item: String? = nil) throws -> URL {
        let folder = try TestData.temporaryDirectory()
        let users = user ?? "user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token\n1\t24\tM\ttechnician\t85711\n2\t53\tF\tother\t94043\n"
        let items = item ?? "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n1\tToy Story\t1995\tAnimation Children's Comedy\n2\tGoldenEye\t1995\tAction Adventure Thriller\n"
        try users.write(to: folder.appendingPathComponent("ml-100k.user"), atomically: true, encoding: .utf8)
        try items.write(to: folder.appendingPathComponent("ml-100k.item"), atomically: true, encoding: .utf8)
        try inter.write(to: folder.appendingPathComponent("ml-100k.inter"), atomically: true, encoding: .utf8)
        return folder
    }

    private let header = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n"

    @Test func loadsAWellFormedDataSet() throws {
        let folder = try writeMovieLens(inter: header + "1\t1\t5\t881250949\n2\t2\t3\t891717742\n")
        let data = try MovieLens.load(from: folder)
        #expect(data.ratings == [Rating(user: 1, item: 1, value: 5, timestamp: 881_250_949),
                                 Rating(user: 2, item: 2, value: 3, timestamp: 891_717_742)])
        #expect(data.users.map(\.occupation) == ["technician", "other"])
        let toyStory = try #require(data.items.first)
        #expect(toyStory.hasGenre(MovieLens.genres.firstIndex(of: "Animation")!))
        #expect(toyStory.hasGenre(MovieLens.genres.firstIndex(of: "Children's")!))
        #expect(!toyStory.hasGenre(MovieLens.genres.firstIndex(of: "Action")!))
    }

    @Test(arguments: [
        ("1\t1\t5\n", 2, "expected 4 tab-separated fields"),
        ("1\t1\t5\t881250949\nx\t1\t5\t881250949\n", 3, "user_id \"x\" is not an integer"),
        ("1\t1\tfive\t881250949\n", 2, "rating \"five\" is not a number"),
        ("1\t9\t5\t881250949\n", 2, "rating of unknown item 9"),
        ("7\t1\t5\t881250949\n", 2, "rating by unknown user 7"),
    ])
    func malformedRatingLinesNameFileAndLine(body: String, line: Int, message: String) throws {
        let folder = try writeMovieLens(inter: header + body)
        let error = try #require(throws: MLError.self) { try MovieLens.load(from: folder) }
        #expect(error.kind == .malformedData)
        #expect(error.line == line)
        #expect(error.file?.hasSuffix("ml-100k.inter") == true)
        #expect(error.description.contains("ml-100k.inter:\(line): \(message)"))
    }

    @Test func unknownHeaderFieldsAndGenresAreErrors() throws {
        let extraField = try writeMovieLens(inter: "user_id:token\titem_id:token\trating:float\ttimestamp:float\tmood:token\n")
        #expect(throws: MLError.self) { try MovieLens.load(from: extraField) }
        let badGenre = try writeMovieLens(
            inter: header,
            item: "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n1\tX\t1995\tSpaghetti-Western\n")
        let error = try #require(throws: MLError.self) { try MovieLens.load(from: badGenre) }
        #expect(error.description.contains("ml-100k.item:2: unknown genre \"Spaghetti-Western\""))
        let missing = try TestData.temporaryDirectory()
        let unreadable = try #require(throws: MLError.self) { try MovieLens.load(from: missing) }
        #expect(unreadable.kind == .fileUnreadable)
    }

    @Test(.enabled(if: TestData.movieLensPresent, TestData.movieLensMissing))
    func realMovieLensHasTheDocumentedShape() throws {
        let data = try #require(TestData.movieLens)
        #expect(data.ratings.count == 100_000)
        #expect(data.users.count == 943)
        #expect(data.items.count == 1_682)
        #expect(data.ratings.allSatisfy { (1...5).contains($0.value) })
        let perUser = Dictionary(grouping: data.ratings, by: \.user)
        #expect(perUser.values.allSatisfy { $0.count >= 20 })
    }

    @Test func randomSplitIsSeededAndExact() throws {
        let ratings = TestData.lowRankRatings(users: 40, items: 30)
        let split = try RatingSplit.random(ratings, testFraction: 0.2, seed: 3)
        #expect(split.test.count == Int((Double(ratings.count) * 0.2).rounded()))
        #expect(Set(split.train + split.test) == Set(ratings))
        let again = try RatingSplit.random(ratings, testFraction: 0.2, seed: 3)
        #expect(again.test == split.test)
        #expect(try RatingSplit.random(ratings, testFraction: 0.2, seed: 4).test != split.test)
        #expect(throws: MLError.self) { try RatingSplit.random(ratings, testFraction: 1, seed: 3) }
    }

    @Test func perUserHoldoutTakesTwentyPercentOfEachUser() throws {
        let ratings = TestData.lowRankRatings(users: 30, items: 40)
        let split = try RatingSplit.perUser(ratings, testFraction: 0.2, seed: 9)
        let all = Dictionary(grouping: ratings, by: \.user), held = Dictionary(grouping: split.test, by: \.user)
        for (user, own) in all {
            let expected = own.count < 2 ? 0 : min(own.count - 1, Int((Double(own.count) * 0.2).rounded()))
            #expect((held[user]?.count ?? 0) == expected)
        }
        // A user's holdout depends only on that user's ratings and the seed.
        let oneUser = ratings.filter { $0.user == 5 }
        #expect(try RatingSplit.perUser(oneUser, seed: 9).test == held[5] ?? [])
    }

    @Test func csvRoundTripsAndReportsBadLines() throws {
        let ratings = [Rating(user: 1, item: 2, value: 4, timestamp: 10), Rating(user: 3, item: 4, value: 3.5, timestamp: 20)]
        let url = try TestData.temporaryDirectory().appendingPathComponent("split.csv")
        try RatingCSV.write(ratings, to: url)
        #expect(try RatingCSV.read(url) == ratings)
        #expect(try String(contentsOf: url, encoding: .utf8).hasPrefix("user,item,rating,timestamp\n1,2,4,10\n"))
        let bad = try #require(throws: MLError.self) { try RatingCSV.parse("user,item,rating,timestamp\n1,2,4,10\n1,2,x,10\n", file: "t.csv") }
        #expect(bad.description == "t.csv:3: rating \"x\" is not a finite number")
        let header = try #require(throws: MLError.self) { try RatingCSV.parse("u,i,r,t\n", file: "t.csv") }
        #expect(header.line == 1)
    }
}
