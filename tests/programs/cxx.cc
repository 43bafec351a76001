// iostream, exceptions, std::string, std::map, std::vector and std::sort.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

static int parse(const std::string &s)
{
	if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
		throw std::invalid_argument("not a number: '" + s + "'");
	return std::stoi(s);
}

int main()
{
	std::vector<std::string> words = { "delta", "alpha", "42", "charlie", "", "7", "bravo" };
	std::map<std::string, int> counts;
	std::vector<int> numbers;

	for (const auto &w : words) {
		try {
			numbers.push_back(parse(w));
		} catch (const std::exception &e) {
			std::cerr << "skipped: " << e.what() << '\n';
			counts[w.empty() ? "<empty>" : w] += static_cast<int>(w.size());
		}
	}
	std::sort(words.begin(), words.end());
	for (const auto &w : words)
		std::cout << '[' << w << ']';
	std::cout << std::endl;
	for (const auto &kv : counts)
		std::cout << std::setw(10) << kv.first << " = " << kv.second << '\n';
	std::vector<double> v;
	for (int i = 0; i < 10000; i++)
		v.push_back((i * 7919) % 10007 / 3.0);
	std::sort(v.begin(), v.end(), std::greater<double>());
	std::cout << std::fixed << std::setprecision(4) << v.front() << ' ' << v.back()
		  << ' ' << numbers.size() << std::endl;
	try {
		throw std::runtime_error("deep");
	} catch (const std::runtime_error &e) {
		std::cout << "caught " << e.what() << std::endl;
	}
	return 0;
}
