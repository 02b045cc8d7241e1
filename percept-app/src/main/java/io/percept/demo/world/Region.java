package io.percept.demo.world;

import java.util.List;

/**
 * The seven regions the company reports by, with their share of its customers and their main
 * cities (shares of the region's customers). Shares are rounded from the regions' share of
 * China's urban population, adjusted toward where consumer electronics sell.
 */
public enum Region {
    EAST("华东", 0.30, List.of(new City("上海", 0.30), new City("杭州", 0.22), new City("南京", 0.20), new City("苏州", 0.16),
            new City("合肥", 0.12))),
    NORTH("华北", 0.15, List.of(new City("北京", 0.45), new City("天津", 0.25), new City("石家庄", 0.17), new City("太原", 0.13))),
    SOUTH("华南", 0.18, List.of(new City("广州", 0.35), new City("深圳", 0.38), new City("东莞", 0.15), new City("南宁", 0.12))),
    CENTRAL("华中", 0.13, List.of(new City("武汉", 0.45), new City("长沙", 0.33), new City("郑州", 0.22))),
    SOUTHWEST("西南", 0.12, List.of(new City("成都", 0.45), new City("重庆", 0.40), new City("昆明", 0.15))),
    NORTHWEST("西北", 0.06, List.of(new City("西安", 0.60), new City("兰州", 0.25), new City("乌鲁木齐", 0.15))),
    NORTHEAST("东北", 0.06, List.of(new City("沈阳", 0.40), new City("大连", 0.30), new City("哈尔滨", 0.30)));

    /** A city and its share of its region's customers. */
    public record City(String name, double share) {
    }

    private final String label;
    private final double share;
    private final List<City> cities;

    Region(String label, double share, List<City> cities) {
        this.label = label;
        this.share = share;
        this.cities = cities;
    }

    /** The Chinese name, e.g. {@code 华东}. */
    public String label() {
        return label;
    }

    /** The region's share of all customers. */
    public double share() {
        return share;
    }

    public List<City> cities() {
        return cities;
    }
}
