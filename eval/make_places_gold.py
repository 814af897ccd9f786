"""Builds eval/places_gold.jsonl: short articles written for this project,
with every place mention annotated (country ISO alpha-3, approximate
coordinates of the place meant). Re-run after editing; the JSONL is what
`flashpoint eval --places` reads. Names that are traps are the point."""

import json
from pathlib import Path

# (mention as written, country, lat, lon); one entry per distinct place per article
ARTICLES = [
 ("2021-12-07", "Russian units moved from Yelnya towards Klintsy, and satellite images showed tanks at the Pogonovo training ground south of Voronezh. Ukrainian officials in Kyiv said more troops were arriving in Bryansk and Kursk. Belarus said joint drills would be held near Brest and Gomel in February.",
  [("Yelnya", "RUS", 54.58, 33.18), ("Klintsy", "RUS", 52.76, 32.24), ("Pogonovo training ground", "RUS", 51.45, 39.13), ("Voronezh", "RUS", 51.67, 39.19), ("Kyiv", "UKR", 50.45, 30.52), ("Bryansk", "RUS", 53.25, 34.37), ("Kursk", "RUS", 51.73, 36.19), ("Brest", "BLR", 52.10, 23.70), ("Gomel", "BLR", 52.43, 30.98)]),
 ("2022-01-20", "Jets were seen at the Baltimore airfield in Voronezh, far from the front. In Belgorod, residents reported convoys heading to Valuyki. Moscow denied any plans to attack Kharkiv or Sumy.",
  [("Baltimore airfield", "RUS", 51.81, 39.23), ("Voronezh", "RUS", 51.67, 39.19), ("Belgorod", "RUS", 50.60, 36.59), ("Valuyki", "RUS", 50.21, 38.10), ("Kharkiv", "UKR", 49.99, 36.23), ("Sumy", "UKR", 50.91, 34.80)]),
 ("2022-02-25", "Explosions were heard in Kharkov, Odessa and Mariupol overnight. Ukrainian forces said they were holding the line near Chernihiv and Zhytomyr, while refugees crowded trains from Lviv to Przemysl in Poland.",
  [("Kharkov", "UKR", 49.99, 36.23), ("Odessa", "UKR", 46.48, 30.73), ("Mariupol", "UKR", 47.10, 37.55), ("Chernihiv", "UKR", 51.50, 31.30), ("Zhytomyr", "UKR", 50.25, 28.66), ("Lviv", "UKR", 49.84, 24.03), ("Przemysl", "POL", 49.78, 22.77)]),
 ("2008-08-09", "Russian tanks rolled into Georgia through the Roki tunnel and reached Tskhinvali. Georgian troops fell back towards Gori, and President Mikheil Saakashvili addressed the nation from Tbilisi. Fighting also spread to Abkhazia near Sukhumi.",
  [("Georgia", "GEO", 42.0, 43.5), ("Tskhinvali", "GEO", 42.23, 43.97), ("Gori", "GEO", 41.98, 44.11), ("Tbilisi", "GEO", 41.69, 44.83), ("Abkhazia", "GEO", 43.0, 41.0), ("Sukhumi", "GEO", 43.00, 41.02)]),
 ("2021-11-10", "Migrants camped near Kuznica on the Polish side and at Bruzgi in Belarus. Many had flown from Baghdad and Erbil to Minsk, then travelled west to Grodno. Polish troops were sent from Bialystok and Warsaw.",
  [("Kuznica", "POL", 53.51, 23.64), ("Bruzgi", "BLR", 53.55, 23.75), ("Belarus", "BLR", 53.7, 27.9), ("Baghdad", "IRQ", 33.34, 44.40), ("Erbil", "IRQ", 36.19, 44.01), ("Minsk", "BLR", 53.90, 27.57), ("Grodno", "BLR", 53.68, 23.83), ("Bialystok", "POL", 53.13, 23.16), ("Warsaw", "POL", 52.23, 21.01)]),
 ("2022-09-14", "Shelling hit Jermuk and Goris inside Armenia, while Azerbaijan said its positions near Kalbajar and Lachin had been attacked. Talks were later held in Brussels and Prague, and Russian peacekeepers remained in Stepanakert.",
  [("Jermuk", "ARM", 39.84, 45.67), ("Goris", "ARM", 39.51, 46.34), ("Armenia", "ARM", 40.1, 45.0), ("Kalbajar", "AZE", 40.10, 46.04), ("Lachin", "AZE", 39.64, 46.55), ("Brussels", "BEL", 50.85, 4.35), ("Prague", "CZE", 50.09, 14.42), ("Stepanakert", "AZE", 39.82, 46.75)]),
 ("2019-05-13", "China said it would retaliate against tariffs announced in Washington. Negotiators had met in Beijing and Shanghai, and the next round was planned for Osaka. Soybean farmers in Iowa and Illinois said exports through New Orleans had collapsed.",
  [("Washington", "USA", 38.90, -77.04), ("Beijing", "CHN", 39.90, 116.41), ("Shanghai", "CHN", 31.23, 121.47), ("Osaka", "JPN", 34.69, 135.50), ("Iowa", "USA", 42.0, -93.5), ("Illinois", "USA", 40.0, -89.2), ("New Orleans", "USA", 29.95, -90.07)]),
 ("2023-03-08", "Protesters filled the streets of Tbilisi and Batumi after parliament passed the bill. Smaller rallies took place in Kutaisi and Zugdidi. The president spoke from New York, and solidarity marches were held in Paris, Berlin and Vilnius.",
  [("Tbilisi", "GEO", 41.69, 44.83), ("Batumi", "GEO", 41.64, 41.64), ("Kutaisi", "GEO", 42.27, 42.70), ("Zugdidi", "GEO", 42.51, 41.87), ("New York", "USA", 40.71, -74.01), ("Paris", "FRA", 48.86, 2.35), ("Berlin", "DEU", 52.52, 13.40), ("Vilnius", "LTU", 54.69, 25.28)]),
 ("2011-03-20", "Coalition jets struck air defences around Tripoli and Misrata, and rebels held Benghazi. Refugees crossed into Tunisia at Ras Ajdir, and some reached Lampedusa and Malta by boat. Ministers met in Paris and London to coordinate the campaign.",
  [("Tripoli", "LBY", 32.89, 13.19), ("Misrata", "LBY", 32.38, 15.09), ("Benghazi", "LBY", 32.12, 20.07), ("Tunisia", "TUN", 34.0, 9.5), ("Ras Ajdir", "TUN", 33.15, 11.56), ("Lampedusa", "ITA", 35.51, 12.60), ("Malta", "MLT", 35.9, 14.4), ("Paris", "FRA", 48.86, 2.35), ("London", "GBR", 51.51, -0.13)]),
 ("2013-01-12", "French troops deployed to Mali from bases in Chad and Niger. Fighting centred on Konna and Diabaly, north of the capital Bamako, while aid arrived through Dakar. Talks on the crisis were held in Abuja and Addis Ababa.",
  [("Mali", "MLI", 17.0, -4.0), ("Chad", "TCD", 15.0, 19.0), ("Niger", "NER", 17.0, 9.0), ("Konna", "MLI", 14.95, -3.89), ("Diabaly", "MLI", 14.69, -6.01), ("Bamako", "MLI", 12.64, -8.00), ("Dakar", "SEN", 14.72, -17.47), ("Abuja", "NGA", 9.08, 7.40), ("Addis Ababa", "ETH", 9.03, 38.74)]),
 ("2020-09-28", "Clashes erupted along the line of contact in Nagorno-Karabakh. Azerbaijan reported shelling in Tartar and Ganja, and Armenia said Stepanakert had been hit. Turkey voiced support for Baku, while Moscow and Paris called for a ceasefire. Refugees fled to Yerevan and Goris.",
  [("Nagorno-Karabakh", "AZE", 39.8, 46.7), ("Tartar", "AZE", 40.34, 46.93), ("Ganja", "AZE", 40.68, 46.36), ("Stepanakert", "AZE", 39.82, 46.75), ("Yerevan", "ARM", 40.18, 44.51), ("Goris", "ARM", 39.51, 46.34)]),
 ("2022-04-26", "Two blasts destroyed radio masts in Transnistria near Mayak. Moldova's president convened the security council in Chisinau, and separatist officials in Tiraspol set up checkpoints. Ukraine reinforced the border near Odesa and Izmail.",
  [("Transnistria", "MDA", 47.2, 29.4), ("Chisinau", "MDA", 47.01, 28.86), ("Tiraspol", "MDA", 46.84, 29.63), ("Odesa", "UKR", 46.48, 30.73), ("Izmail", "UKR", 45.35, 28.84)]),
 ("2022-03-29", "Russian and Ukrainian negotiators met in Istanbul. Moscow promised to scale down operations around Kyiv and Chernihiv, but fighting continued in Kharkiv, Izium and the Donbas. Earlier rounds had taken place in Belarus, near Gomel, and in Antalya.",
  [("Istanbul", "TUR", 41.01, 28.98), ("Kyiv", "UKR", 50.45, 30.52), ("Chernihiv", "UKR", 51.50, 31.30), ("Kharkiv", "UKR", 49.99, 36.23), ("Izium", "UKR", 49.21, 37.26), ("Donbas", "UKR", 48.0, 38.5), ("Belarus", "BLR", 53.7, 27.9), ("Gomel", "BLR", 52.43, 30.98), ("Antalya", "TUR", 36.90, 30.70)]),
 ("2023-10-10", "Rockets were fired from Gaza towards Ashkelon and Sderot, and sirens sounded in Tel Aviv. Israel struck targets in Khan Younis and Rafah. Egypt kept the crossing near Al Arish closed, and envoys gathered in Cairo and Doha.",
  [("Gaza", "PSE", 31.42, 34.38), ("Ashkelon", "ISR", 31.67, 34.57), ("Sderot", "ISR", 31.52, 34.60), ("Tel Aviv", "ISR", 32.09, 34.78), ("Khan Younis", "PSE", 31.35, 34.31), ("Rafah", "PSE", 31.29, 34.25), ("Al Arish", "EGY", 31.13, 33.80), ("Cairo", "EGY", 30.04, 31.24), ("Doha", "QAT", 25.29, 51.53)]),
 ("2015-02-12", "Leaders met in Minsk to agree a ceasefire for eastern Ukraine. Fighting continued around Debaltseve and Donetsk airport, and shelling was reported in Luhansk and Mariupol. The talks followed earlier meetings in Berlin and Normandy.",
  [("Minsk", "BLR", 53.90, 27.57), ("Debaltseve", "UKR", 48.34, 38.41), ("Donetsk", "UKR", 48.02, 37.80), ("Luhansk", "UKR", 48.57, 39.31), ("Mariupol", "UKR", 47.10, 37.55), ("Berlin", "DEU", 52.52, 13.40), ("Normandy", "FRA", 49.0, 0.0)]),
 ("2022-08-05", "Chinese warships sailed east of Taiwan after the speaker's visit to Taipei. Missiles landed in waters off Okinawa, Japan protested in Tokyo, and the US moved a carrier near Guam. Flights between Kaohsiung and Hong Kong were cancelled.",
  [("Taiwan", "TWN", 23.7, 121.0), ("Taipei", "TWN", 25.03, 121.57), ("Okinawa", "JPN", 26.33, 127.8), ("Tokyo", "JPN", 35.68, 139.69), ("Guam", "USA", 13.44, 144.79), ("Kaohsiung", "TWN", 22.63, 120.30), ("Hong Kong", "CHN", 22.32, 114.17)]),
 ("2017-04-07", "US destroyers in the Mediterranean fired missiles at the Shayrat airbase near Homs after a chemical attack in Khan Shaykhun, in Idlib province. Russia, which operates from Hmeimim near Latakia, condemned the strike in Moscow.",
  [("Shayrat", "SYR", 34.49, 36.91), ("Homs", "SYR", 34.73, 36.71), ("Khan Shaykhun", "SYR", 35.44, 36.65), ("Idlib", "SYR", 35.93, 36.63), ("Hmeimim", "SYR", 35.41, 35.95), ("Latakia", "SYR", 35.52, 35.79), ("Moscow", "RUS", 55.76, 37.62)]),
 ("2019-10-15", "Turkish forces advanced on Ras al-Ain and Tal Abyad, and Kurdish fighters withdrew towards Hasakah and Qamishli. The US evacuated troops from Kobani and Manbij. Protests against the offensive took place in Erbil and Cologne.",
  [("Ras al-Ain", "SYR", 36.85, 40.07), ("Tal Abyad", "SYR", 36.70, 38.95), ("Hasakah", "SYR", 36.50, 40.75), ("Qamishli", "SYR", 37.05, 41.23), ("Kobani", "SYR", 36.89, 38.35), ("Manbij", "SYR", 36.53, 37.95), ("Erbil", "IRQ", 36.19, 44.01), ("Cologne", "DEU", 50.94, 6.96)]),
 ("2019-10-20", "Protesters blocked roads in Beirut, Tripoli and Sidon, demanding the government resign. Lebanese banks closed in Tyre and Baalbek, and the army deployed near Byblos. Expatriates rallied in Sydney, Montreal and Paris.",
  [("Beirut", "LBN", 33.89, 35.50), ("Tripoli", "LBN", 34.44, 35.85), ("Sidon", "LBN", 33.56, 35.37), ("Tyre", "LBN", 33.27, 35.20), ("Baalbek", "LBN", 34.01, 36.21), ("Byblos", "LBN", 34.12, 35.65), ("Sydney", "AUS", -33.87, 151.21), ("Montreal", "CAN", 45.50, -73.57), ("Paris", "FRA", 48.86, 2.35)]),
 ("2019-02-23", "Aid convoys waited in Cucuta on the Colombian side as Venezuelan troops blocked the bridge. Opposition supporters gathered in Caracas, Valencia and Maracaibo, and regional ministers met in Bogota and Lima.",
  [("Cucuta", "COL", 7.89, -72.51), ("Caracas", "VEN", 10.49, -66.88), ("Valencia", "VEN", 10.16, -68.00), ("Maracaibo", "VEN", 10.63, -71.64), ("Bogota", "COL", 4.61, -74.08), ("Lima", "PER", -12.05, -77.04)]),
 ("2024-01-12", "Houthi forces fired missiles at ships in the Red Sea and the Gulf of Aden, and tankers avoided the Strait of Hormuz and the Gulf of Oman. Warships gathered off Berbera, and the US struck targets around Hodeidah and Sanaa.",
  [("Red Sea", None, 22.0, 38.0), ("Gulf of Aden", None, 12.0, 48.0), ("Strait of Hormuz", None, 26.57, 56.25), ("Gulf of Oman", None, 24.5, 58.5), ("Berbera", "SOM", 10.44, 45.01), ("Hodeidah", "YEM", 14.80, 42.95), ("Sanaa", "YEM", 15.35, 44.21)]),
 ("2025-05-08", "MOGADISHU, Somalia (Reuters) - Al-Shabaab fighters attacked an army base near Afgoye, police said. Troops were later sent from Baidoa and Kismayo, while officials in Nairobi and Addis Ababa called for calm.",
  [("MOGADISHU", "SOM", 2.04, 45.34), ("Afgoye", "SOM", 2.14, 45.12), ("Baidoa", "SOM", 3.11, 43.65), ("Kismayo", "SOM", -0.36, 42.55), ("Nairobi", "KEN", -1.29, 36.82), ("Addis Ababa", "ETH", 9.03, 38.74)]),
 ("2025-05-10", "India said drones were seen over Jammu and Kashmir overnight. Blackouts were imposed in Punjab, Gujarat and Rajasthan, and power was later restored in Amritsar. Refugees from the border villages were taken to Poland, officials in Warsaw said.",
  [("Jammu and Kashmir", "IND", 33.5, 75.0), ("Punjab", "IND", 31.0, 75.4), ("Gujarat", "IND", 22.5, 71.5), ("Rajasthan", "IND", 26.6, 73.8), ("Amritsar", "IND", 31.63, 74.87), ("Poland", "POL", 52.0, 19.5), ("Warsaw", "POL", 52.23, 21.01)]),
]


def main() -> None:
    out = Path(__file__).with_name("places_gold.jsonl")
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for k, (published, text, places) in enumerate(ARTICLES, 1):
            for name, *_ in places:
                assert name in text, (k, name)
            n += sum(text.count(name) for name, *_ in places)
            fh.write(json.dumps({"id": f"places-{k:02d}", "published": published, "text": text,
                                 "places": [{"mention": m, "country": c, "lat": la, "lon": lo} for m, c, la, lo in places]},
                                ensure_ascii=False) + "\n")
    print(f"{len(ARTICLES)} articles, {n} place mentions -> {out}")


if __name__ == "__main__":
    main()
