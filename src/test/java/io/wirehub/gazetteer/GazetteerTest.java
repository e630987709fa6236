package io.wirehub.gazetteer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups the delivery stage relies on, against the bundled gazetteer. */
class GazetteerTest {
    private final Gazetteer g = Gazetteer.bundled();

    @Test
    void placesByIdWithCoordinatesCountryAndDivision() {
        Place herat = g.byId(1140026);
        assertThat(herat.countryCode()).isEqualTo("AF");
        assertThat(herat.admin1Code()).isEqualTo("11");
        assertThat(herat.featureCode()).isEqualTo("PPLA");
        assertThat(herat.lat()).isBetween(34.0, 34.7);
        assertThat(herat.lon()).isBetween(61.9, 62.5);
        assertThat(herat.uri()).isEqualTo("https://sws.geonames.org/1140026/");
        assertThat(g.byId(999_999_999_999L)).isNull();
        assertThat(g.country("AF").geonameId()).isEqualTo(1149361);
        assertThat(g.admin1("AF", "11").geonameId()).isEqualTo(1140025);
        assertThat(g.country("VN").name("vi")).isEqualTo("Việt Nam");
        assertThat(g.country("TJ").name("fr")).isEqualTo("Tadjikistan");
        assertThat(g.size()).isGreaterThan(190_000);
    }

    @Test
    void containmentByCountryAndDivision() {
        assertThat(g.isInside(1140026, 1140025)).as("Herat in Herat province").isTrue();
        assertThat(g.isInside(1142404, 1140025)).as("Islam Qala in Herat province").isTrue();
        assertThat(g.isInside(1140026, 1149361)).as("Herat in Afghanistan").isTrue();
        assertThat(g.isInside(1140025, 1149361)).as("Herat province in Afghanistan").isTrue();
        assertThat(g.isInside(1138958, 1140025)).as("Kabul not in Herat province").isFalse();
        assertThat(g.isInside(1140026, 130758)).as("Herat not in Iran").isFalse();
        assertThat(g.isInside(1140026, 1140026)).isTrue();
        assertThat(g.isInside(1140026, 1581130)).as("a city contains only itself").isFalse();
    }

    @Test
    void distances() {
        // Hanoi - Ho Chi Minh City, about 1,140 km
        assertThat(g.distanceKm(1581130, 1566083)).isBetween(1100.0, 1200.0);
        assertThat(g.distanceKm(1581130, -1)).isNaN();
    }

    @Test
    void nameSearchForSubscriberFilters() {
        assertThat(g.search("Herat province").get(0).geonameId()).isEqualTo(1140025);
        assertThat(g.search("province d'Hérat").get(0).geonameId()).isEqualTo(1140025);
        assertThat(g.search("Herat city").get(0).geonameId()).isEqualTo(1140026);
        assertThat(g.search("Hà Nội").get(0).geonameId()).isEqualTo(1581130);
        assertThat(g.search("Ha Noi").get(0).geonameId()).isEqualTo(1581130);
        assertThat(g.search("Hanoi").get(0).geonameId()).isEqualTo(1581130);
        assertThat(g.search("Afghanistan").get(0).geonameId()).isEqualTo(1149361);
        assertThat(g.search("tỉnh Quảng Ninh").get(0).geonameId()).isEqualTo(1568758);
        assertThat(g.search("Tadjikistan").get(0).geonameId()).isEqualTo(1220409);
        assertThat(g.search("Nowhere-on-Earth Xyz")).isEmpty();
    }
}
